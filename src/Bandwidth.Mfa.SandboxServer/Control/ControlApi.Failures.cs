using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>Injected failures over the JSON API, bounded in number like everything callers can add.</summary>
    internal sealed partial class ControlApi
    {
        /// <summary>How many injected failures may wait at once (the sum of their <c>times</c>).</summary>
        private const int MaxPendingFailures = 1000;

        private readonly object _failureGate = new object();

        /// <summary><c>POST /sandbox/api/failures</c> with a <see cref="FailureRequest"/>.</summary>
        internal async Task<IResult> AddFailureAsync(HttpContext context)
        {
            if (!IsJson(context.Request))
            {
                return NotJson();
            }

            FailureRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<FailureRequest>(context.Request.Body, JsonAnswers.Options, context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException exception)
            {
                return JsonAnswers.Error(HttpStatusCode.BadRequest, "the body is not a failure: " + exception.Message);
            }

            if (request == null)
            {
                return JsonAnswers.Error(HttpStatusCode.BadRequest, "the body must be a JSON object such as {\"failure\": \"internalServerError\"}");
            }

            if (!FailureRequest.TryBuild(request, out var failure, out var operation, out var problem))
            {
                return JsonAnswers.Error(HttpStatusCode.BadRequest, problem!);
            }

            var times = request.Times ?? 1;
            int pending;
            lock (_failureGate)
            {
                // Queued failures wait until calls take them: their number is bounded, like everything callers can add.
                pending = _sandbox.PendingFailures;
                if (pending + times > MaxPendingFailures)
                {
                    return JsonAnswers.Error(HttpStatusCode.Conflict, "at most " + MaxPendingFailures + " failures may wait at once and " + pending
                        + " are waiting; let calls take them or drop them with POST /sandbox/api/failures/clear");
                }

                _sandbox.FailNext(failure!, times, operation);
            }

            return Results.Json(new { pendingFailures = _sandbox.PendingFailures, description = failure!.Description }, JsonAnswers.Options, statusCode: StatusCodes.Status201Created);
        }
    }
}

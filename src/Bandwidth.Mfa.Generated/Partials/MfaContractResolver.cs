// Hand-written seam of the generated client (not generated).
using System;
using Newtonsoft.Json.Serialization;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// Runs <see cref="MfaRequestValidator"/> as the first step of serializing any of the client's own types, so that
    /// a request that breaks the spec fails with a named field and rule before its JSON exists, whichever method sent it.
    /// </summary>
    internal sealed class MfaContractResolver : DefaultContractResolver
    {
        internal static readonly MfaContractResolver Instance = new MfaContractResolver();

        private static readonly SerializationCallback ValidateCallback = (value, _) => MfaRequestValidator.Validate(value);

        protected override JsonContract CreateContract(Type objectType)
        {
            var contract = base.CreateContract(objectType);
            if (contract is JsonObjectContract && objectType.Assembly == typeof(MfaContractResolver).Assembly)
            {
                contract.OnSerializingCallbacks.Add(ValidateCallback);
            }

            return contract;
        }
    }
}

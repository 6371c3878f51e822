using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>What the interleaved runs (<see cref="InterleavedRatio"/>, the targets run) measure the same way.</summary>
internal static class PerCall
{
    /// <summary>
    /// Bytes allocated per call over 1,000 calls, read from the thread's allocation counter: the in-memory calls complete
    /// synchronously on the calling thread, so it sees all of them. NaN when a call did not complete synchronously.
    /// </summary>
    public static async Task<double> BytesAsync(Func<Task> call)
    {
        const int Count = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            var pending = call();
            if (!pending.IsCompleted)
            {
                await pending.ConfigureAwait(false);
                return double.NaN;
            }

            await pending.ConfigureAwait(false);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Count;
    }

    /// <summary>The middle value (the upper one of an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>The positive whole number after <paramref name="name"/> in the arguments, else <paramref name="fallback"/>.</summary>
    public static int ReadOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}

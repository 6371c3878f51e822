using System;
using System.Collections.Generic;
using System.Threading;
using Bandwidth.Mfa.SendLimits;

namespace Bandwidth.Mfa
{
    // The incremental sweep that drops keys whose sends left their client's longest window.
    public sealed partial class MfaInMemorySendLimitStore
    {
        /// <summary>
        /// Moves the sweep a few keys on: a key whose sends have all left its client's keep is removed (under its own lock,
        /// and only if nobody holds it), as is an expired release. Never waits: a decision that finds another one sweeping
        /// skips it.
        /// </summary>
        private void Sweep(long now)
        {
            if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
            {
                return;
            }

            try
            {
                _decisionsSinceSweep++;
                for (var step = 0; step < SweepStepsPerDecision; step++)
                {
                    if (_seriesSweep == null)
                    {
                        // A new pass once as many decisions went by as the last pass visited keys (and at least 256): the
                        // sweep costs at most a few steps per decision, and memory at most about twice the live keys.
                        if (_decisionsSinceSweep < Math.Max(MinDecisionsBetweenSweeps, _lastSweepLength))
                        {
                            break;
                        }

                        _seriesSweep = _series.GetEnumerator();
                        _decisionsSinceSweep = 0;
                        _lastSweepLength = 0;
                    }

                    if (!_seriesSweep.MoveNext())
                    {
                        _seriesSweep.Dispose();
                        _seriesSweep = null;
                        break;
                    }

                    _lastSweepLength++;

                    var entry = _seriesSweep.Current;
                    var series = entry.Value;
                    if (!Monitor.TryEnter(series))
                    {
                        continue;
                    }

                    try
                    {
                        if (series.Count == 0 || series.Newest <= now - series.Keep)
                        {
                            series.Removed = true;
                            ((ICollection<KeyValuePair<SeriesKey, MfaSendSeries>>)_series).Remove(entry);
                        }
                    }
                    finally
                    {
                        Monitor.Exit(series);
                    }
                }

                if (!_released.IsEmpty)
                {
                    _releasedSweep ??= _released.GetEnumerator();
                    if (_releasedSweep.MoveNext())
                    {
                        var entry = _releasedSweep.Current;
                        if (entry.Value <= now)
                        {
                            ((ICollection<KeyValuePair<SendKey, long>>)_released).Remove(entry);
                        }
                    }
                    else
                    {
                        _releasedSweep.Dispose();
                        _releasedSweep = null;
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }
    }
}

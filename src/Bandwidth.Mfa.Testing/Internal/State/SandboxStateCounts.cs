namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// How much state a sandbox holds at one moment, for the tests of its memory bound: what callers' input keys (codes,
    /// wrong-code counts) and the histories. Read as it is, without dropping what has expired first.
    /// </summary>
    internal readonly struct SandboxStateCounts
    {
        internal SandboxStateCounts(int codes, int codeKeys, int attemptCounters, int queuedFailures, int messages, int verifications, int requests, int pendingFailures)
        {
            Codes = codes;
            CodeKeys = codeKeys;
            AttemptCounters = attemptCounters;
            QueuedWrongCodes = queuedFailures;
            Messages = messages;
            Verifications = verifications;
            Requests = requests;
            PendingFailures = pendingFailures;
        }

        /// <summary>Codes stored for verification.</summary>
        internal int Codes { get; }

        /// <summary>(account, number, scope) keys that hold codes.</summary>
        internal int CodeKeys { get; }

        /// <summary>Numbers with wrong codes counted.</summary>
        internal int AttemptCounters { get; }

        /// <summary>Wrong codes waiting in the expiry queue of the counters.</summary>
        internal int QueuedWrongCodes { get; }

        /// <summary>Messages in the outbox.</summary>
        internal int Messages { get; }

        /// <summary>Entries of the verification log.</summary>
        internal int Verifications { get; }

        /// <summary>Entries of the request log.</summary>
        internal int Requests { get; }

        /// <summary>Entries of injected failures still waiting.</summary>
        internal int PendingFailures { get; }
    }
}

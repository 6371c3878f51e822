using System;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>
    /// An OAuth2 access token: the one type the provider caches and hands out (immutable; the cached instance is handed
    /// out as it is, so a cached token costs nothing per call). <see cref="ToString"/> never shows the token.
    /// </summary>
    internal sealed class MfaAccessToken
    {
        /// <summary>Creates a token.</summary>
        /// <param name="value">The token.</param>
        /// <param name="refreshAt">When the provider will fetch a new one, or null when it is not cached.</param>
        /// <param name="generation">Which fetch of the provider issued it (counts up from 1).</param>
        /// <param name="fromCache">Whether it is handed out as fetched before the current call started.</param>
        internal MfaAccessToken(string value, DateTimeOffset? refreshAt, long generation, bool fromCache)
        {
            Value = value;
            RefreshAt = refreshAt;
            Generation = generation;
            FromCache = fromCache;
        }

        /// <summary>The token to send as <c>Authorization: Bearer</c>.</summary>
        public string Value { get; }

        /// <summary>When the provider will fetch a new one, or null when it is not cached.</summary>
        public DateTimeOffset? RefreshAt { get; }

        /// <summary>Whether it was fetched before the current call started (so a 401 may mean it was revoked).</summary>
        public bool FromCache { get; }

        /// <summary>Which fetch of the provider issued it.</summary>
        internal long Generation { get; }

        /// <summary>Whether it may still be used without a new fetch.</summary>
        internal bool IsFresh(TimeProvider time) => RefreshAt.HasValue && time.GetUtcNow() < RefreshAt.Value;

        /// <summary>The same token as the cache hands it out.</summary>
        internal MfaAccessToken AsCached() => FromCache ? this : new MfaAccessToken(Value, RefreshAt, Generation, fromCache: true);

        /// <summary>The same token handed to a call that waited for its fetch.</summary>
        internal MfaAccessToken AsFetched() => FromCache ? new MfaAccessToken(Value, RefreshAt, Generation, fromCache: false) : this;

        /// <summary>Describes the token without its value.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString() => "MfaAccessToken { Value = " + MfaRedaction.Hidden + ", RefreshAt = " + RefreshAt + ", FromCache = " + FromCache + " }";
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.Configuration
{
    /// <summary>The configuration a client's options were bound from (<c>AddBandwidthMfa(configuration)</c>), by options name.</summary>
    internal sealed class MfaConfigurationSource
    {
        internal MfaConfigurationSource(string optionsName, IConfiguration configuration)
        {
            OptionsName = optionsName;
            Configuration = configuration;
        }

        /// <summary>The options name: <see cref="Options.DefaultName"/> for the unnamed client.</summary>
        internal string OptionsName { get; }

        internal IConfiguration Configuration { get; }

        /// <summary>The section's full path ("Bandwidth:Mfa"), or empty when the client was bound from a configuration root.</summary>
        internal string Path => (Configuration as IConfigurationSection)?.Path ?? string.Empty;
    }

    /// <summary>
    /// A section inside an MFA client's section that another options type binds (for example the Redis settings that
    /// <c>UseRedisSendLimits(section)</c> reads from <c>Bandwidth:Mfa:Redis</c>): its keys are that type's to check, not
    /// unknown settings of the client.
    /// </summary>
    internal sealed class MfaClaimedSection
    {
        /// <summary>Claims <paramref name="configuration"/> (when it is a section) for <paramref name="optionsType"/>.</summary>
        internal MfaClaimedSection(IConfiguration configuration, Type optionsType)
        {
            Configuration = configuration;
            Path = (configuration as IConfigurationSection)?.Path;
            OptionsType = optionsType;
        }

        internal IConfiguration Configuration { get; }

        /// <summary>The claimed section's full path, or null when it was not a section.</summary>
        internal string? Path { get; }

        /// <summary>The options type bound from it: its keys are checked against that type.</summary>
        internal Type OptionsType { get; }
    }

    /// <summary>
    /// Refuses, at start-up, every key of a client's configuration section that is not a setting of
    /// <see cref="MfaOptions"/> (nested sections included: <c>Messaging</c>, <c>Retry</c>, <c>SendLimits</c>, ...), so a typo
    /// (<c>"SendLimit"</c>, <c>"Mesaging"</c>, <c>"Digit"</c>) stops the host instead of silently switching a protection off.
    /// The configuration binder decides (it binds a fresh <see cref="MfaOptions"/> with
    /// <see cref="BinderOptions.ErrorOnUnknownConfiguration"/>), so every setting the option types gain is accepted without
    /// a list to keep; the keys it refuses are then named by their full path, found by walking the section along the same
    /// types. Sections claimed by another options type (<see cref="MfaClaimedSection"/>) are left to it.
    /// </summary>
    internal sealed class MfaConfigurationKeysValidator : IValidateOptions<MfaOptions>
    {
        private readonly MfaConfigurationSource _source;
        private readonly IEnumerable<MfaClaimedSection> _claims;

        public MfaConfigurationKeysValidator(MfaConfigurationSource source, IEnumerable<MfaClaimedSection> claims)
        {
            _source = source;
            _claims = claims;
        }

        public ValidateOptionsResult Validate(string? name, MfaOptions options)
        {
            if (!string.Equals(name ?? Options.DefaultName, _source.OptionsName, StringComparison.Ordinal))
            {
                return ValidateOptionsResult.Skip;
            }

            var claimed = new HashSet<string>(_claims.Select(c => c.Path).Where(p => p != null).Select(p => p!), StringComparer.OrdinalIgnoreCase);
            var failures = Check(_source.Configuration, typeof(MfaOptions), claimed).ToList();
            var path = _source.Path;
            foreach (var claim in _claims.Where(c => c.Path != null && path.Length > 0 && c.Path.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)))
            {
                // A section inside this client's section: its keys are checked against its own options type.
                failures.AddRange(Check(claim.Configuration, claim.OptionsType, new HashSet<string>(StringComparer.OrdinalIgnoreCase)));
            }

            if (failures.Count == 0)
            {
                return ValidateOptionsResult.Success;
            }

            var prefix = MfaOptionsValidator.ClientPrefix(_source.OptionsName);
            return ValidateOptionsResult.Fail(failures.Select(failure => prefix + failure));
        }

        /// <summary>The failures of <paramref name="configuration"/> bound to <paramref name="optionsType"/>: one per unknown key, by full path.</summary>
        internal static IEnumerable<string> Check(IConfiguration configuration, Type optionsType, ISet<string> claimed)
        {
            var scoped = Without(configuration, claimed);
            try
            {
                scoped.Bind(Activator.CreateInstance(optionsType), binder => binder.ErrorOnUnknownConfiguration = true);
                return Array.Empty<string>();
            }
            catch (Exception refused) when (refused is InvalidOperationException || refused is MissingMethodException)
            {
                var unknown = new List<string>();
                Walk(configuration, optionsType, claimed, unknown);
                if (unknown.Count > 0)
                {
                    return unknown;
                }

                // The binder refused something the walk does not know how to name: its own words, with the section.
                var path = (configuration as IConfigurationSection)?.Path;
                return new[] { "MFA configuration" + (string.IsNullOrEmpty(path) ? string.Empty : " section '" + path + "'") + " cannot be bound: " + refused.Message };
            }
        }

        /// <summary>The configuration with the claimed sections left out, for the binder.</summary>
        private static IConfiguration Without(IConfiguration configuration, ISet<string> claimed)
        {
            return claimed.Count == 0 ? configuration : new Unclaimed(configuration, claimed);
        }

        private static void Walk(IConfiguration section, Type type, ISet<string> claimed, List<string> unknown)
        {
            var properties = SettingsOf(type);
            foreach (var child in section.GetChildren())
            {
                var childPath = child.Path;
                if (claimed.Contains(childPath))
                {
                    continue;
                }

                if (!properties.TryGetValue(child.Key, out var property))
                {
                    var where = (section as IConfigurationSection)?.Path;
                    unknown.Add("MFA option '" + childPath + "' is not a setting the client knows (misspelt, or in the wrong section?). The settings of "
                        + (string.IsNullOrEmpty(where) ? "the MFA client" : "'" + where + "'") + " are " + string.Join(", ", properties.Keys.OrderBy(k => k, StringComparer.Ordinal)) + ".");
                    continue;
                }

                var propertyType = Nullable.GetUnderlyingType(property) ?? property;
                var element = ElementOf(propertyType);
                if (element != null)
                {
                    if (IsComplex(element))
                    {
                        foreach (var item in child.GetChildren())
                        {
                            Walk(item, element, claimed, unknown);
                        }
                    }
                }
                else if (IsComplex(propertyType))
                {
                    Walk(child, propertyType, claimed, unknown);
                }
            }
        }

        /// <summary>The settings of an options type as the binder sees them: public readable instance properties, by key, case-insensitive.</summary>
        private static Dictionary<string, Type> SettingsOf(Type type)
        {
            var settings = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetMethod == null || !property.GetMethod.IsPublic || property.GetIndexParameters().Length > 0)
                {
                    continue;
                }

                var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                settings[key] = property.PropertyType;
            }

            return settings;
        }

        private static Type? ElementOf(Type type)
        {
            if (type == typeof(string))
            {
                return null;
            }

            if (type.IsArray)
            {
                return type.GetElementType();
            }

            var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                ? type
                : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
            return enumerable != null && typeof(IEnumerable).IsAssignableFrom(type) ? enumerable.GetGenericArguments()[0] : null;
        }

        /// <summary>Whether the binder binds the type's properties (a class of settings), rather than converting one value.</summary>
        private static bool IsComplex(Type type)
        {
            return type.IsClass && !type.IsAbstract && type != typeof(string) && type != typeof(Uri) && type != typeof(object)
                && !typeof(Delegate).IsAssignableFrom(type);
        }

        /// <summary>A view of a configuration without the claimed sections (at any depth), for the binder.</summary>
        private class Unclaimed : IConfiguration
        {
            private readonly IConfiguration _inner;
            private readonly ISet<string> _claimed;

            internal Unclaimed(IConfiguration inner, ISet<string> claimed)
            {
                _inner = inner;
                _claimed = claimed;
            }

            public string? this[string key]
            {
                get => _inner[key];
                set => _inner[key] = value;
            }

            public IEnumerable<IConfigurationSection> GetChildren() =>
                _inner.GetChildren().Where(child => !_claimed.Contains(child.Path)).Select(child => (IConfigurationSection)new UnclaimedSection(child, _claimed)).ToList();

            public Microsoft.Extensions.Primitives.IChangeToken GetReloadToken() => _inner.GetReloadToken();

            public IConfigurationSection GetSection(string key) => new UnclaimedSection(_inner.GetSection(key), _claimed);
        }

        private sealed class UnclaimedSection : Unclaimed, IConfigurationSection
        {
            private readonly IConfigurationSection _section;

            internal UnclaimedSection(IConfigurationSection section, ISet<string> claimed)
                : base(section, claimed)
            {
                _section = section;
            }

            public string Key => _section.Key;

            public string Path => _section.Path;

            public string? Value
            {
                get => _section.Value;
                set => _section.Value = value;
            }
        }
    }
}

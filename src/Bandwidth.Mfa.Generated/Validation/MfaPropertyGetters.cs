using System;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;

namespace Bandwidth.Mfa.Validation
{
    /// <summary>
    /// Compiled getters for the properties the request validator checks, built once per property: a string as it is, a
    /// number (int, long, double, decimal, float, nullable or not) as a double without boxing.
    /// </summary>
    internal static class MfaPropertyGetters
    {
        /// <summary>A getter of a string property.</summary>
        internal static Func<object, string?> Text(PropertyInfo property)
        {
            var instance = Expression.Parameter(typeof(object), "request");
            var read = Expression.Property(Expression.Convert(instance, property.DeclaringType!), property);
            return Expression.Lambda<Func<object, string?>>(read, instance).Compile();
        }

        /// <summary>A getter of a numeric property as a double (null when a nullable one is null); anything else through its IConvertible.</summary>
        internal static Func<object, double?> Number(PropertyInfo property)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) || type == typeof(short) || type == typeof(byte))
            {
                var instance = Expression.Parameter(typeof(object), "request");
                var read = Expression.Property(Expression.Convert(instance, property.DeclaringType!), property);
                return Expression.Lambda<Func<object, double?>>(Expression.Convert(read, typeof(double?)), instance).Compile();
            }

            // Rare (decimal, enums, other types): read and converted as before, boxing included.
            return request =>
            {
                var value = property.GetValue(request);
                return value == null ? (double?)null : value is IConvertible convertible ? convertible.ToDouble(CultureInfo.InvariantCulture) : 0;
            };
        }
    }
}

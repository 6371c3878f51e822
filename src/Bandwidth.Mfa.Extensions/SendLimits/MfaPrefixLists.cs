using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Bandwidth.Mfa
{
    /// <summary>Lists of destination prefixes that the send limits ship with (see <see cref="MfaSendLimitOptions"/>).</summary>
    public static class MfaPrefixLists
    {
        /// <summary>
        /// The area codes of the North American Numbering Plan (country code 1) that belong to countries other than the
        /// United States and Canada, as prefixes (<c>"1876"</c>): Anguilla 264, Antigua and Barbuda 268, the Bahamas 242,
        /// Barbados 246, Bermuda 441, the British Virgin Islands 284, the Cayman Islands 345, Dominica 767, the Dominican
        /// Republic 809, 829 and 849, Grenada 473, Jamaica 876 and 658, Montserrat 664, Saint Kitts and Nevis 869, Saint
        /// Lucia 758, Saint Vincent and the Grenadines 784, Sint Maarten 721, Trinidad and Tobago 868, and the Turks and
        /// Caicos Islands 649. The US territories (Puerto Rico 787 and 939, the US Virgin Islands 340, Guam 671, the
        /// Northern Mariana Islands 670, American Samoa 684) are the United States and are not on it.
        /// <see cref="MfaSendLimitOptions.DenyNanpOutsideUsAndCanada"/> denies them.
        /// </summary>
        public static IReadOnlyList<string> NanpOutsideUsAndCanada { get; } = new ReadOnlyCollection<string>(new[]
        {
            "1242", // the Bahamas
            "1246", // Barbados
            "1264", // Anguilla
            "1268", // Antigua and Barbuda
            "1284", // British Virgin Islands
            "1345", // Cayman Islands
            "1441", // Bermuda
            "1473", // Grenada
            "1649", // Turks and Caicos Islands
            "1658", // Jamaica
            "1664", // Montserrat
            "1721", // Sint Maarten
            "1758", // Saint Lucia
            "1767", // Dominica
            "1784", // Saint Vincent and the Grenadines
            "1809", // Dominican Republic
            "1829", // Dominican Republic
            "1849", // Dominican Republic
            "1868", // Trinidad and Tobago
            "1869", // Saint Kitts and Nevis
            "1876", // Jamaica
        });
    }
}

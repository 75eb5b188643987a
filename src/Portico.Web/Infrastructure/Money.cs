using System.Globalization;

namespace Portico.Web.Infrastructure;

/// <summary>
/// Money as integer minor units of an ISO 4217 currency (cents for USD, whole yen for JPY), shared by the program areas
/// that store amounts (Referrals deals, Incentives earnings).
/// </summary>
/// <remarks>
/// Note: amounts are stored as <see cref="long"/> minor units: they stay exact, and SQLite has no decimal type (EF stores
/// decimals there as text, which cannot be compared, summed or ordered in SQL), so both providers behave the same.
/// </remarks>
public static class Money
{
    /// <summary>The currencies Portico accepts, with their ISO 4217 minor-unit exponents.</summary>
    public static readonly IReadOnlyDictionary<string, int> Currencies = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["JPY"] = 0, ["AUD"] = 2, ["CAD"] = 2,
        ["CHF"] = 2, ["CNY"] = 2, ["INR"] = 2, ["KRW"] = 0, ["SGD"] = 2,
    };

    /// <summary>The largest amount accepted, in major units (a trillion fits any currency's minor units in a long).</summary>
    public const decimal MaxValue = 1_000_000_000_000m;

    public static bool IsCurrency(string? code) => code is not null && Currencies.ContainsKey(code);

    /// <summary>
    /// Converts <paramref name="value"/> in major units to minor units of <paramref name="currency"/>; null when it has
    /// more decimals than the currency has minor units (0.5 JPY, 1.005 USD).
    /// </summary>
    public static long? ToMinor(decimal value, string currency)
    {
        var minor = value * Factor(currency);
        return minor == decimal.Truncate(minor) ? (long)minor : null;
    }

    public static decimal ToMajor(long minor, string currency) => minor / (decimal)Factor(currency);

    /// <summary>The amount for display in the current culture, with its currency code ("12,500.00 USD", "3,000,000 JPY").</summary>
    public static string Format(decimal value, string currency) =>
        value.ToString("N" + Exponent(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.CurrentCulture) + " " + currency;

    /// <summary>Minor units for display ("1,234.50 USD").</summary>
    public static string Format(long minor, string currency) => Format(ToMajor(minor, currency), currency);

    /// <summary>The amount in major units as plain invariant text with the currency's decimals ("1234.50", "-3000"), for files such as CSV.</summary>
    public static string Invariant(long minor, string currency) =>
        ToMajor(minor, currency).ToString("F" + Exponent(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int Exponent(string currency) => Currencies.GetValueOrDefault(currency, 2);

    private static long Factor(string currency)
    {
        long factor = 1;
        for (var i = 0; i < Exponent(currency); i++)
        {
            factor *= 10;
        }

        return factor;
    }
}

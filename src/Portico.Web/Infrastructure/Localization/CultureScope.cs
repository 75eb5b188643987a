using System.Globalization;

namespace Portico.Web.Infrastructure.Localization;

/// <summary>The cultures Portico speaks, and a scope to render text (an email) in another person's language.</summary>
public static class Cultures
{
    public const string English = "en-US";
    public const string Japanese = "ja-JP";
    public static readonly string[] Supported = [English, Japanese];

    public static string Normalize(string? culture) =>
        culture is not null && culture.StartsWith("ja", StringComparison.OrdinalIgnoreCase) ? Japanese : English;

    public static bool IsSupported(string? culture) =>
        culture is not null && Supported.Contains(culture, StringComparer.OrdinalIgnoreCase);
}

public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo culture;
    private readonly CultureInfo uiCulture;

    private CultureScope(string name)
    {
        culture = CultureInfo.CurrentCulture;
        uiCulture = CultureInfo.CurrentUICulture;
        var target = CultureInfo.GetCultureInfo(Cultures.Normalize(name));
        CultureInfo.CurrentCulture = target;
        CultureInfo.CurrentUICulture = target;
    }

    /// <summary>Switches to <paramref name="name"/> (or keeps the request's culture when null) until disposed.</summary>
    public static CultureScope Use(string? name) => new(name ?? CultureInfo.CurrentUICulture.Name);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}

using System.Text.RegularExpressions;

namespace Portico.Tests.Infrastructure;

/// <summary>
/// Checks on a rendered page that need no browser: text no translation produced, and the structural parts of WCAG 2.2
/// AA that the markup alone decides (the page's language, one main heading, a name for every form control, button and
/// image, unique ids so labels point at one control).
/// </summary>
public static partial class PageChecks
{
    /// <summary>Every problem found, one line each; empty when the page passes.</summary>
    /// <param name="culture">The language the page must declare; null to leave it unchecked.</param>
    public static IReadOnlyList<string> Problems(string html, string? culture)
    {
        var problems = new List<string>();
        var body = ScriptOrStyle().Replace(html, " ");

        // Note: the localizer answers a missing key with the key itself (e.g. "Nav.Users"), wherever it is shown: in
        // text, or in an attribute a person reads (title, placeholder, aria-label, alt, a button's value).
        problems.AddRange(ShownText(body)
            .SelectMany(text => DottedName().Matches(text))
            .Select(m => m.Value)
            .Where(IsResourceKeyShape)
            .Distinct(StringComparer.Ordinal)
            .Select(key => $"shows the resource key \"{key}\""));
        problems.AddRange(Placeholder().Matches(InnerTag().Replace(body, " ")).Select(m => $"shows an unfilled \"{m.Value}\""));

        var lang = HtmlLang().Match(html);
        var expectedLang = culture is null ? null : culture.StartsWith("ja", StringComparison.Ordinal) ? "ja" : "en";
        if (!lang.Success || (expectedLang is not null && lang.Groups[1].Value != expectedLang))
        {
            problems.Add($"<html lang> is \"{(lang.Success ? lang.Groups[1].Value : "")}\", not \"{expectedLang}\"");
        }

        var headings = H1().Count(body);
        if (headings != 1)
        {
            problems.Add($"has {headings} <h1> headings, not one");
        }

        var ids = Id().Matches(body).Select(m => m.Groups[1].Value).ToList();
        problems.AddRange(ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"repeats id \"{g.Key}\""));

        var labelled = LabelFor().Matches(body).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var insideLabel = 0;
        foreach (Match tag in Tag().Matches(body))
        {
            var name = tag.Groups[1].Value.ToLowerInvariant();
            var closing = tag.Value.StartsWith("</", StringComparison.Ordinal);
            if (name == "label")
            {
                insideLabel += closing ? -1 : 1;
                continue;
            }

            if (closing || name is not ("input" or "select" or "textarea"))
            {
                continue;
            }

            var type = Attribute(tag.Value, "type")?.ToLowerInvariant();
            if (type is "hidden" or "submit" or "button" or "reset" or "image")
            {
                continue;
            }

            var id = Attribute(tag.Value, "id");
            var named = insideLabel > 0 || (id is not null && labelled.Contains(id))
                || Attribute(tag.Value, "aria-label") is { Length: > 0 } || Attribute(tag.Value, "aria-labelledby") is { Length: > 0 }
                || Attribute(tag.Value, "title") is { Length: > 0 };
            if (!named)
            {
                problems.Add($"has a form control without a label: {Shorten(tag.Value)}");
            }
        }

        foreach (Match img in Img().Matches(body))
        {
            if (Attribute(img.Value, "alt") is null)
            {
                problems.Add($"has an image without alt text: {Shorten(img.Value)}");
            }
        }

        foreach (Match button in Button().Matches(body))
        {
            var text = InnerTag().Replace(button.Groups[2].Value, " ").Trim();
            if (text.Length == 0 && Attribute(button.Groups[1].Value, "aria-label") is not { Length: > 0 })
            {
                problems.Add($"has a button without a name: {Shorten(button.Value)}");
            }
        }

        return problems;
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{Regex.Escape(name)}\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", RegexOptions.IgnoreCase);
        return match.Success ? (match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value) : null;
    }

    /// <summary>The page's text between tags, and the values of the attributes that are read out or shown.</summary>
    private static IEnumerable<string> ShownText(string body)
    {
        foreach (Match tag in Tag().Matches(body))
        {
            foreach (var name in (string[])["title", "placeholder", "aria-label", "alt", "value"])
            {
                if (Attribute(tag.Value, name) is { Length: > 0 } value
                    && (name != "value" || Attribute(tag.Value, "type")?.ToLowerInvariant() is "submit" or "button" or "reset"))
                {
                    yield return System.Net.WebUtility.HtmlDecode(value);
                }
            }
        }

        yield return System.Net.WebUtility.HtmlDecode(InnerTag().Replace(body, " \n "));
    }

    /// <summary>A name shaped like one of the resource file's keys: its first part is one of the keys' first parts.</summary>
    private static bool IsResourceKeyShape(string name) => KeyPrefixes.Value.Contains(name[..name.IndexOf('.', StringComparison.Ordinal)]);

    private static readonly Lazy<HashSet<string>> KeyPrefixes = new(() =>
    {
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var set = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<System.Collections.DictionaryEntry>()
            .Select(entry => (string)entry.Key)
            .Where(key => key.Contains('.', StringComparison.Ordinal))
            .Select(key => key[..key.IndexOf('.', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
    });

    private static string Shorten(string tag) => tag.Length > 140 ? tag[..140] + "…" : tag;

    [GeneratedRegex("<(script|style)[^>]*>.*?</\\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex("(?<![A-Za-z0-9_.@/-])[A-Z][A-Za-z]+(?:\\.[A-Za-z0-9_]+)+(?![A-Za-z0-9_@/-]|\\.[A-Za-z0-9])")]
    private static partial Regex DottedName();

    [GeneratedRegex("\\{[0-9]\\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("<html[^>]*\\slang=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLang();

    [GeneratedRegex("<h1[\\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex H1();

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex Id();

    [GeneratedRegex("<label[^>]*\\sfor=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex LabelFor();

    [GeneratedRegex("</?([a-zA-Z]+)[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("<img\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Img();

    [GeneratedRegex("<button\\b([^>]*)>(.*?)</button>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Button();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex InnerTag();
}

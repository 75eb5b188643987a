using System.Net;
using System.Text.RegularExpressions;

namespace Portico.Tests.Infrastructure;

/// <summary>A posting form found in a page: its action and its fields (hidden inputs included), as a browser would submit it.</summary>
public sealed record HtmlForm(string? Action, Dictionary<string, string> Fields, string Text);

/// <summary>Just enough HTML reading to drive the Razor pages like a browser without JavaScript.</summary>
public static partial class Html
{
    public static IReadOnlyList<HtmlForm> PostForms(string html) =>
        FormRegex().Matches(html).Select(m =>
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match input in InputRegex().Matches(m.Groups["body"].Value))
            {
                var name = Attribute(input.Value, "name");
                if (name is not null)
                {
                    fields[name] = Attribute(input.Value, "value") ?? "";
                }
            }

            foreach (Match select in SelectRegex().Matches(m.Groups["body"].Value))
            {
                var options = OptionRegex().Matches(select.Groups["options"].Value);
                var chosen = options.FirstOrDefault(o => o.Value.Contains("selected", StringComparison.OrdinalIgnoreCase)) ?? options.FirstOrDefault();
                if (Attribute(select.Value, "name") is { } name && chosen is not null)
                {
                    fields[name] = Attribute(chosen.Value, "value") ?? "";
                }
            }

            var action = Attribute(m.Groups["open"].Value, "action");
            var text = WebUtility.HtmlDecode(TagRegex().Replace(m.Groups["body"].Value, " "));
            return new HtmlForm(action, fields, WhitespaceRegex().Replace(text, " ").Trim());
        }).ToList();

    /// <summary>The first posting form that has a field named <paramref name="field"/>.</summary>
    public static HtmlForm FormWith(string html, string field) =>
        PostForms(html).FirstOrDefault(f => f.Fields.ContainsKey(field))
        ?? throw new InvalidOperationException($"No form with a '{field}' field in:\n{html}");

    public static FormUrlEncodedContent Submit(this HtmlForm form, params (string Name, string Value)[] values)
    {
        var fields = new Dictionary<string, string>(form.Fields, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return new FormUrlEncodedContent(fields);
    }

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{Regex.Escape(name)}=\"(?<v>[^\"]*)\"", RegexOptions.IgnoreCase);
        return m.Success ? WebUtility.HtmlDecode(m.Groups["v"].Value) : null;
    }

    [GeneratedRegex("(?<open><form[^>]*method=\"post\"[^>]*>)(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();

    [GeneratedRegex("<select[^>]*>(?<options>.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectRegex();

    [GeneratedRegex("<option[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex OptionRegex();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagRegex();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhitespaceRegex();
}

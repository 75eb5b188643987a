using System.Globalization;
using System.Text;

namespace Portico.Web.Features.Users;

/// <summary>
/// Folds names and emails to one search form, so that <c>ﾔﾏﾀﾞ</c>, <c>やまだ</c> and <c>ヤマダ</c> find 山田 (through its stored
/// reading) and <c>Ｔａｎａｋａ</c> finds Tanaka: NFKC (full-width Latin → ASCII, half-width kana → full-width, combined
/// voiced marks), lowercase (invariant), katakana → hiragana, whitespace collapsed.
/// </summary>
/// <remarks>Pure and allocation-light; the same function builds the stored key and the query.</remarks>
public static class SearchKey
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(normalized.Length);
        var lastWasSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;

            // Katakana ァ (U+30A1) … ヶ (U+30F6) map to hiragana by −0x60; ー and other marks stay.
            builder.Append(c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c);
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>The stored key of an account: name, reading and email, folded, separated by a character no query contains.</summary>
    public static string ForAccount(string? displayName, string? reading, string? email) =>
        string.Join('\u001F', new[] { Fold(displayName), Fold(reading), Fold(email) }.Where(s => s.Length > 0));

    /// <summary>Escapes LIKE wildcards so user input is matched literally (escape character <c>\</c>).</summary>
    public static string EscapeLike(string folded) =>
        folded.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    public static int Length(string folded) => new StringInfo(folded).LengthInTextElements;
}

using System.Text;

namespace Portico.Web.Infrastructure;

/// <summary>A number already formatted as invariant text ("-1234.50"); written as is, never taken for a formula.</summary>
public sealed record CsvNumber(string Text);

/// <summary>Writes RFC 4180 CSV for people to open in a spreadsheet (Excel reads UTF-8 only with a byte order mark).</summary>
public static class Csv
{
    /// <summary>
    /// The file's bytes: UTF-8 with a byte order mark, CRLF line ends. Each cell is a <see cref="string"/> (quoted when
    /// needed, formula-guarded), a <see cref="CsvNumber"/> or null (empty).
    /// </summary>
    public static byte[] Encode(IEnumerable<IEnumerable<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(cell => cell switch
            {
                CsvNumber number => number.Text,
                null => "",
                _ => Field(cell.ToString()),
            })).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>
    /// One text field, quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a formula
    /// (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) gets a leading apostrophe.
    /// </summary>
    /// <remarks>Note: the formula guard blocks CSV injection through text that other people wrote.</remarks>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

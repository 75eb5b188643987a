using System.Text;

namespace Portico.Web.Infrastructure;

/// <summary>A number already formatted as invariant text ("-1234.50"); written as is, never taken for a formula.</summary>
public sealed record CsvNumber(string Text);

/// <summary>One record of a CSV file and its 1-based position among the file's records (the header is row 1).</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Fields);

/// <summary>The text is not RFC 4180 CSV (a stray quote, text after a closing quote, a quote left open).</summary>
public sealed class CsvFormatException(int row, string message) : FormatException(message)
{
    /// <summary>The 1-based record where the text stopped being CSV.</summary>
    public int Row { get; } = row;
}

/// <summary>
/// Writes RFC 4180 CSV for people to open in a spreadsheet (Excel reads UTF-8 only with a byte order mark), and reads
/// CSV files people upload.
/// </summary>
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

    /// <summary>
    /// Reads RFC 4180 CSV: comma-separated fields, records ending in CRLF (a bare LF is accepted too, as spreadsheets
    /// on other systems write it), fields in double quotes holding commas, line breaks and doubled quotes. Lines with
    /// no text at all are skipped but still counted, so <see cref="CsvRecord.Row"/> matches what a spreadsheet shows
    /// when no field holds a line break. A leading byte order mark is ignored.
    /// </summary>
    /// <exception cref="CsvFormatException">A quote inside an unquoted field, text after a closing quote, or a quote never closed.</exception>
    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var row = 1;
        var recordRow = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var quoted = false;
        var afterQuote = false;
        var fieldStarted = false;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            quoted = false;
            afterQuote = false;
            fieldStarted = false;
        }

        void EndRecord()
        {
            EndField();
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add(new CsvRecord(recordRow, [.. fields]));
            }

            fields.Clear();
            row++;
            recordRow = row;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        row++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    EndRecord();
                    break;
                case '"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case '"':
                    throw new CsvFormatException(recordRow, "A quote inside an unquoted field.");
                default:
                    if (afterQuote)
                    {
                        throw new CsvFormatException(recordRow, "Text after a closing quote.");
                    }

                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(recordRow, "A quoted field is never closed.");
        }

        if (fieldStarted || fields.Count > 0)
        {
            EndRecord();
        }

        return records;
    }
}

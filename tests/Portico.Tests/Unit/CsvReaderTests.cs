using Portico.Web.Infrastructure;

namespace Portico.Tests.Unit;

/// <summary>The RFC 4180 reader of <see cref="Csv"/>: quoting, line ends, row numbers, and the text it refuses.</summary>
public sealed class CsvReaderTests
{
    private static List<string> Flat(string text) =>
        [.. Csv.Parse(text).Select(r => r.Row + ":" + string.Join("|", r.Fields))];

    [Fact]
    public void Parse_PlainRecords_WithCrLfOrLf_AndNoFinalLineEnd()
    {
        Assert.Equal(["1:a|b|c", "2:1|2|3", "3:x|y|z"], Flat("a,b,c\r\n1,2,3\nx,y,z"));
    }

    [Fact]
    public void Parse_QuotedFields_HoldCommasQuotesAndLineBreaks()
    {
        var records = Csv.Parse("name,note\r\n\"Contoso, Inc.\",\"He said \"\"hi\"\"\r\nthen left\"\r\nlast,\"\"\r\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["Contoso, Inc.", "He said \"hi\"\r\nthen left"], records[1].Fields);
        Assert.Equal(["last", ""], records[2].Fields);
        Assert.Equal(4, records[2].Row);
    }

    [Fact]
    public void Parse_EmptyFieldsAndBlankLines_KeepTheRowNumbers_AndTheByteOrderMarkIsIgnored()
    {
        Assert.Equal(["1:a||c", "3:||", "5:end"], Flat("\uFEFFa,,c\r\n\r\n,,\r\n\nend\r\n"));
        Assert.Empty(Csv.Parse(""));
        Assert.Empty(Csv.Parse("\r\n\r\n"));
    }

    [Fact]
    public void Parse_WhatIsWrittenByEncode_ReadsBackTheSame()
    {
        string?[][] rows = [["a,b", "quote \"x\"", "line\r\nbreak"], ["plain", "", "日本語"]];
        var text = System.Text.Encoding.UTF8.GetString(Csv.Encode(rows));

        var records = Csv.Parse(text);

        Assert.Equal(rows.Select(r => r.Select(c => c ?? "")), records.Select(r => r.Fields));
    }

    [Theory]
    [InlineData("a,b\r\nx,y\"z\r\n", 2)]
    [InlineData("a,\"b\"c\r\n", 1)]
    [InlineData("a,b\r\n1,2\r\n\"open,3\r\n4,5\r\n", 3)]
    public void Parse_TextThatIsNotCsv_ThrowsWithTheRecordsRow(string text, int row)
    {
        var e = Assert.Throws<CsvFormatException>(() => Csv.Parse(text));

        Assert.Equal(row, e.Row);
    }
}

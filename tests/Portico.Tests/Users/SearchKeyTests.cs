using Portico.Web.Features.Users;

namespace Portico.Tests.Users;

public sealed class SearchKeyTests
{
    [Theory]
    [InlineData("ﾔﾏﾀﾞ", "やまだ")]
    [InlineData("ヤマダ", "やまだ")]
    [InlineData("やまだ", "やまだ")]
    [InlineData("Ｔａｎａｋａ", "tanaka")]
    [InlineData("TANAKA", "tanaka")]
    [InlineData("  Taylor   Tanaka ", "taylor tanaka")]
    [InlineData("ｶﾞｷﾞｸﾞ", "がぎぐ")]
    public void Fold_JapaneseAndLatinForms_FoldToOneKey(string input, string expected) =>
        Assert.Equal(expected, SearchKey.Fold(input));

    [Fact]
    public void ForAccount_KanjiNameWithReading_ContainsTheFoldedReading()
    {
        var key = SearchKey.ForAccount("山田 美香", "ヤマダ ミカ", "Mika.Yamada@Contoso.example");

        Assert.Contains("山田", key, StringComparison.Ordinal);
        Assert.Contains(SearchKey.Fold("ﾔﾏﾀﾞ"), key, StringComparison.Ordinal);
        Assert.Contains("mika.yamada@contoso.example", key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100%", "100\\%")]
    [InlineData("a_b", "a\\_b")]
    [InlineData("c:\\x", "c:\\\\x")]
    public void EscapeLike_Wildcards_AreLiteral(string input, string expected) =>
        Assert.Equal(expected, SearchKey.EscapeLike(input));
}

using Portico.Web.Infrastructure.Passwords;

namespace Portico.Tests.Unit;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Unit", "common-passwords.txt"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));

    private static readonly PasswordContext Alex = new("Alex Johnson", "alex.johnson@contoso.example", "Contoso Cloud Solutions", HasMfa: false);
    private static readonly PasswordContext AlexWithMfa = Alex with { HasMfa = true };

    [Theory]
    [InlineData("violet-anchor-drizzle-mapping-81")]
    [InlineData("harbor lantern quietly forty seven")]
    [InlineData("さくらの花びらが春の風に舞う静かな朝")]
    public void Evaluate_GoodPassphrase_Passes(string password)
    {
        Assert.Empty(Policy.Evaluate(password, Alex));
    }

    [Fact]
    public void Evaluate_256EmojiCountAsCharactersNotUtf16Units_NotTooLong()
    {
        var emoji = string.Concat(Enumerable.Range(0, 256).Select(i => char.ConvertFromUtf32(0x1F600 + (i % 64))));

        Assert.DoesNotContain(PasswordRules.TooLong, Policy.Evaluate(emoji, Alex));
        Assert.Contains(PasswordRules.TooLong, Policy.Evaluate(emoji + "😀", Alex));
    }

    [Fact]
    public void Evaluate_FourteenCharactersWithoutMfa_IsTooShort()
    {
        Assert.Equal([PasswordRules.TooShort], Policy.Evaluate("vQ7#mz!K2p$wXr", Alex));
    }

    [Fact]
    public void Evaluate_FifteenCharactersWithoutMfa_Passes()
    {
        Assert.Empty(Policy.Evaluate("vQ7#mz!K2p$wXrT", Alex));
    }

    [Fact]
    public void Evaluate_EightCharactersWithMfa_Passes()
    {
        Assert.Empty(Policy.Evaluate("vQ7#mz!K", AlexWithMfa));
        Assert.Equal([PasswordRules.TooShort], Policy.Evaluate("vQ7#mz!K", Alex));
    }

    [Fact]
    public void Evaluate_SevenCharactersWithMfa_IsTooShort()
    {
        Assert.Contains(PasswordRules.TooShort, Policy.Evaluate("vQ7#mz!", AlexWithMfa));
    }

    [Fact]
    public void Evaluate_256Characters_IsAcceptedUntruncated()
    {
        var password = string.Concat(Enumerable.Repeat("Lk9$vR2#qW7!", 22))[..256];

        Assert.DoesNotContain(PasswordRules.TooLong, Policy.Evaluate(password, Alex));
    }

    [Fact]
    public void Evaluate_257Characters_IsTooLong()
    {
        var password = string.Concat(Enumerable.Repeat("Lk9$vR2#qW7!", 22))[..257];

        Assert.Equal([PasswordRules.TooLong], Policy.Evaluate(password, Alex));
    }

    [Fact]
    public void Evaluate_LengthCountsCharactersAfterNfkc()
    {
        // 15 fullwidth characters are 15 characters after NFKC too; 14 decomposed "é" (e + combining accent) are 14, not 28.
        Assert.DoesNotContain(PasswordRules.TooShort, Policy.Evaluate("ｖＱ７＃ｍｚ！Ｋ２ｐ＄ｗＸｒＴ", Alex));
        Assert.Contains(PasswordRules.TooShort, Policy.Evaluate(string.Concat(Enumerable.Repeat("e\u0301", 14)), Alex));
    }

    [Theory]
    [InlineData("welcometoportico")]
    [InlineData("WelcomeToPortico")]
    [InlineData("welcometoportico2026!")]
    [InlineData("ｗｅｌｃｏｍｅｔｏｐｏｒｔｉｃｏ")]
    [InlineData("passwordpassword")]
    [InlineData("aaaaaaaaaaaaaaa")]
    [InlineData("correcthorsebatterystaple")]
    public void Evaluate_CommonOrBlocklisted_IsCommon(string password)
    {
        Assert.Contains(PasswordRules.Common, Policy.Evaluate(password, Alex));
    }

    [Fact]
    public void Evaluate_DictionaryPatternNotInBlocklist_IsCommon()
    {
        // zxcvbn's dictionaries and patterns: a keyboard walk with a year.
        Assert.Contains(PasswordRules.Common, Policy.Evaluate("qwertyuiop1987!", Alex));
    }

    [Theory]
    [InlineData("johnson-rides-bicycles-42")]
    [InlineData("alex-sails-the-harbor-at-dawn")]
    [InlineData("contoso-lantern-quietly-947")]
    [InlineData("JOHNSON-RIDES-BICYCLES-42")]
    [InlineData("ｊｏｈｎｓｏｎ-rides-bicycles-42")]
    public void Evaluate_BuiltFromNameEmailOrOrg_ContainsPersonalInfo(string password)
    {
        Assert.Contains(PasswordRules.ContainsPersonalInfo, Policy.Evaluate(password, Alex));
    }

    [Fact]
    public void Evaluate_JapaneseNameInPassword_ContainsPersonalInfo()
    {
        var mika = new PasswordContext("山田 美香", "mika.yamada@contoso.example", "Contoso Cloud Solutions", HasMfa: false);

        Assert.Contains(PasswordRules.ContainsPersonalInfo, Policy.Evaluate("美香の秘密の庭に咲く青い薔薇と月", mika));
    }

    [Fact]
    public void Evaluate_ControlCharacter_IsInvalid()
    {
        Assert.Equal([PasswordRules.InvalidCharacters], Policy.Evaluate("violet-anchor\u0000drizzle-81", Alex));
    }

    [Fact]
    public void Evaluate_SeveralProblems_ReportsEachReason()
    {
        var rules = Policy.Evaluate("johnson1", Alex);

        Assert.Contains(PasswordRules.TooShort, rules);
        Assert.Contains(PasswordRules.ContainsPersonalInfo, rules);
    }
}

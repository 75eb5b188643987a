using System.Text;
using Portico.Web.Features.SecurityInfo;

namespace Portico.Tests.SecurityInfo;

public sealed class TotpTests
{
    // RFC 6238 appendix B, SHA-1 key "12345678901234567890"; the RFC lists 8 digits, authenticator apps show the last 6.
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void Compute_RfcTestVectors_Match(long unixSeconds, string expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");

        Assert.Equal(expected, Totp.Compute(key, unixSeconds / 30));
    }

    [Fact]
    public void Base32_RoundTrips()
    {
        var bytes = Encoding.ASCII.GetBytes("12345678901234567890");

        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.Base32Encode(bytes));
        Assert.Equal(bytes, Totp.Base32Decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"));
    }

    [Fact]
    public void Match_CodeOfAcceptedStepOrEarlier_IsRefused()
    {
        var key = Totp.NewKey();
        var now = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var step = Totp.TimeStep(now);
        var code = Totp.Compute(Totp.Base32Decode(key), step);

        Assert.Equal(step, Totp.Match(key, code, now, lastAcceptedStep: step - 1));
        Assert.Null(Totp.Match(key, code, now, lastAcceptedStep: step));
    }

    [Fact]
    public void Match_OneStepDrift_IsAcceptedButTwoIsNot()
    {
        var key = Totp.NewKey();
        var now = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var step = Totp.TimeStep(now);

        Assert.Equal(step - 1, Totp.Match(key, Totp.Compute(Totp.Base32Decode(key), step - 1), now, 0));
        Assert.Null(Totp.Match(key, Totp.Compute(Totp.Base32Decode(key), step - 2), now, 0));
    }

    [Theory]
    [InlineData("123 456", "123456")]
    [InlineData("１２３４５６", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("12345", null)]
    [InlineData("12345a", null)]
    public void NormalizeCode_FoldsWhatPeopleType(string input, string? expected) =>
        Assert.Equal(expected, Totp.NormalizeCode(input));
}

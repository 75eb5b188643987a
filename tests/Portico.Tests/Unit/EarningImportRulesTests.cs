using Portico.Web.Features.Incentives;
using Portico.Web.Features.Operator.Incentives;

namespace Portico.Tests.Unit;

/// <summary>The earnings import's pure rules: where an imported row may move a line's status, what a vendor reference may hold, and file names kept for the history.</summary>
public sealed class EarningImportRulesTests
{
    [Theory]
    [InlineData(EarningStatus.Estimated, EarningStatus.Estimated, true)]
    [InlineData(EarningStatus.Estimated, EarningStatus.Accrued, true)]
    [InlineData(EarningStatus.Estimated, EarningStatus.Paid, true)]
    [InlineData(EarningStatus.Estimated, EarningStatus.OnHold, true)]
    [InlineData(EarningStatus.Accrued, EarningStatus.Paid, true)]
    [InlineData(EarningStatus.Accrued, EarningStatus.OnHold, true)]
    [InlineData(EarningStatus.Accrued, EarningStatus.Estimated, false)]
    [InlineData(EarningStatus.OnHold, EarningStatus.Accrued, true)]
    [InlineData(EarningStatus.OnHold, EarningStatus.Paid, true)]
    [InlineData(EarningStatus.OnHold, EarningStatus.Estimated, false)]
    [InlineData(EarningStatus.Paid, EarningStatus.Paid, true)]
    [InlineData(EarningStatus.Paid, EarningStatus.Accrued, false)]
    [InlineData(EarningStatus.Paid, EarningStatus.OnHold, false)]
    [InlineData(EarningStatus.Paid, EarningStatus.Estimated, false)]
    public void MayMove_StatusPairs_OnlyForward(EarningStatus from, EarningStatus to, bool allowed) =>
        Assert.Equal(allowed, EarningImportService.MayMove(from, to));

    [Theory]
    [InlineData("INC-2026-000123", true)]
    [InlineData("a", true)]
    [InlineData("vendor:2026/10_line.7", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("INC 2026", false)]
    [InlineData("INC-2026-000123!", false)]
    [InlineData("INCé-1", false)]
    [InlineData("ＩＮＣ-1", false)]
    public void IsReference_LettersDigitsAndSeparators_Only(string? value, bool valid) =>
        Assert.Equal(valid, EarningLine.IsReference(value));

    [Fact]
    public void IsReference_LongerThan64_IsRefused()
    {
        Assert.True(EarningLine.IsReference(new string('R', EarningLine.ReferenceMaxLength)));
        Assert.False(EarningLine.IsReference(new string('R', EarningLine.ReferenceMaxLength + 1)));
    }

    [Theory]
    [InlineData("earnings.csv", "earnings.csv")]
    [InlineData("C:\\exports\\october.csv", "october.csv")]
    [InlineData("../../etc/october.csv", "october.csv")]
    [InlineData("bell\u0007.csv", "bell.csv")]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    [InlineData("dir/", null)]
    public void CleanFileName_KeepsTheLastSegmentWithoutControlCharacters(string? name, string? expected) =>
        Assert.Equal(expected, EarningImportService.CleanFileName(name));
}

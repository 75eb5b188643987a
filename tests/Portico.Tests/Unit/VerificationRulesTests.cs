using Portico.Web.Features.Organizations;
using Portico.Web.Features.Verification;
using static Portico.Web.Features.Verification.VerificationCheckStatus;

namespace Portico.Tests.Unit;

public sealed class VerificationRulesTests
{
    [Theory]
    [InlineData(VerificationStatus.Verified, Accepted, Accepted, Accepted)]
    [InlineData(VerificationStatus.NotStarted, NotStarted, NotStarted, NotStarted)]
    [InlineData(VerificationStatus.Pending, Accepted, NotStarted, NotStarted)]
    [InlineData(VerificationStatus.Pending, Accepted, Accepted, Pending)]
    [InlineData(VerificationStatus.ActionRequired, Accepted, NotStarted, ActionRequired)]
    [InlineData(VerificationStatus.ActionRequired, Pending, ActionRequired, Accepted)]
    [InlineData(VerificationStatus.Rejected, Accepted, ActionRequired, Rejected)]
    public void Overall_FromThreeChecks_IsVerifiedOnlyWhenAllAccepted(VerificationStatus expected, VerificationCheckStatus email, VerificationCheckStatus domain, VerificationCheckStatus business) =>
        Assert.Equal(expected, VerificationService.Overall([email, domain, business]));

    [Fact]
    public void Sniff_ReadsMagicNumbersOnly()
    {
        Assert.Equal(DocumentFiles.Pdf, DocumentFiles.Sniff("%PDF-1.4"u8));
        Assert.Equal(DocumentFiles.Png, DocumentFiles.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.Equal(DocumentFiles.Jpeg, DocumentFiles.Sniff([0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.Null(DocumentFiles.Sniff("MZ\u0090\0"u8));
        Assert.Null(DocumentFiles.Sniff("<html>"u8));
        Assert.Null(DocumentFiles.Sniff(" %PDF-1.4"u8));
        Assert.Null(DocumentFiles.Sniff([]));
    }

    [Theory]
    [InlineData("report.pdf", DocumentFiles.Pdf, "report.pdf")]
    [InlineData("report.exe", DocumentFiles.Pdf, "report.pdf")]
    [InlineData("photo.jpeg", DocumentFiles.Jpeg, "photo.jpg")]
    [InlineData("../../../x", DocumentFiles.Png, "x.png")]
    [InlineData("a|b:c*d?.pdf", DocumentFiles.Pdf, "a_b_c_d_.pdf")]
    [InlineData("   ", DocumentFiles.Pdf, "document.pdf")]
    [InlineData(null, DocumentFiles.Pdf, "document.pdf")]
    public void SafeFileName_KeepsNoPathAndEndsInTheSniffedExtension(string? name, string type, string expected) =>
        Assert.Equal(expected, DocumentFiles.SafeFileName(name, type));

    [Fact]
    public void SafeFileName_LongName_IsCut()
    {
        var name = DocumentFiles.SafeFileName(new string('a', 500) + ".pdf", DocumentFiles.Pdf);

        Assert.Equal(VerificationDocument.FileNameMaxLength, name.Length);
        Assert.EndsWith(".pdf", name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gmail.com", true)]
    [InlineData("GMAIL.COM", true)]
    [InlineData("yahoo.co.jp", true)]
    [InlineData("eu.outlook.com", true)]
    [InlineData("fabrikam.example", false)]
    [InlineData("notgmail.com", false)]
    public void FreeMailDomains_ShippedList_RefusesPersonalDomains(string domain, bool expected)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Features", "Verification", "free-mail-domains.txt");
        var list = new FreeMailDomains(File.ReadLines(path));

        Assert.True(list.Count > 40);
        Assert.Equal(expected, list.IsFreeMail(domain));
    }

    [Theory]
    [InlineData("Example.COM.", "example.com")]
    [InlineData("例え.jp", "xn--r8jz45g.jp")]
    [InlineData("localhost", null)]
    [InlineData("a..b", null)]
    [InlineData("-a.example", null)]
    [InlineData("a_b.example", null)]
    [InlineData("", null)]
    public void NormalizeDomain_GivesAsciiOrNull(string input, string? expected) =>
        Assert.Equal(expected, VerificationService.NormalizeDomain(input));

    [Fact]
    public void ReasonCatalog_EveryCodeHasAHelpAnchor()
    {
        Assert.All(VerificationReasons.All, code => Assert.Equal("/Verification/Responses#" + code, VerificationReasons.HelpUrl(code)));
        Assert.Equal(VerificationReasons.All.Count, VerificationReasons.All.Distinct().Count());
    }
}

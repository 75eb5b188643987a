using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Resources;
using System.Text.RegularExpressions;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Web.Data;
using Portico.Web.Features.Benefits;
using Portico.Web.Features.Verification;
using static Portico.Tests.Verification.VerificationTestData;

namespace Portico.Tests.Verification;

/// <summary>The Verification, Benefits, Verification responses and operator pages, signed in through the real sign-in page.</summary>
public sealed partial class VerificationPagesTests(VerificationPortalFactory factory) : IClassFixture<VerificationPortalFactory>
{
    private const string Fumi = "fumi.suzuki@fabrikam.example";
    private const string Victor = "victor.verify@portico.example";

    private async Task<PageClient> SignedInAsync(string email, string password = DemoData.Password)
    {
        var client = new PageClient(factory);
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>Posts a multipart form (files and fields) with the antiforgery token of <paramref name="formPage"/>.</summary>
    private static async Task<HttpResponseMessage> PostMultipartAsync(PageClient client, string formPage, string action, (string Name, byte[] Content, string Type) file, string? comment)
    {
        await client.GetAsync(formPage);
        var token = Token().Match(client.LastHtml);
        Assert.True(token.Success);
        var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" } };
        var part = new ByteArrayContent(file.Content);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.Type);
        form.Add(part, "files", file.Name);
        if (comment is not null)
        {
            form.Add(new StringContent(comment), "Comment");
        }

        var response = await client.Http.PostAsync(action, form, ApiClient.Ct);
        await client.GetAsync(formPage);
        return response;
    }

    [Fact]
    public async Task Benefits_UnverifiedOrganization_DeniedPageExplainsVerificationAndLinksToIt()
    {
        var fumi = await SignedInAsync(Fumi);

        var response = await fumi.GetAsync("/Benefits");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("capability=benefits", location, StringComparison.Ordinal);

        var denied = await fumi.GetAsync(location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("組織の確認がまだ完了していません", fumi.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"/Verification\"", fumi.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OffersPublish_UnverifiedOrganization_ExplanationLinksToVerification()
    {
        var fumi = await SignedInAsync(Fumi);

        await fumi.GetAsync("/AccessDenied?capability=offers.publish&returnUrl=%2F");

        Assert.Contains("href=\"/Verification\"", fumi.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_Fabrikam_ShowsMixedChecksInJapaneseWithReasonLink()
    {
        var fumi = await SignedInAsync(Fumi);

        var response = await fumi.GetAsync("/Verification");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = fumi.LastHtml;
        Assert.Contains("<h1>法人情報と認証</h1>", html, StringComparison.Ordinal);
        Assert.Contains("status-accepted", html, StringComparison.Ordinal);
        Assert.Contains("status-notstarted", html, StringComparison.Ordinal);
        Assert.Contains("status-actionrequired", html, StringComparison.Ordinal);
        Assert.Contains("書類が読み取れない", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Verification/Responses#document_unreadable\"", html, StringComparison.Ordinal);
        Assert.Contains("今すぐ対応", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/Verification\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Benefits\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_UploadThroughThePage_BackToPending_AgentAcceptsInReviewPage()
    {
        var org = await factory.NewOrganizationAsync();
        var admin = await SignedInAsync(org.AdminEmail, Builders.GoodPassword);

        var submitted = await admin.PostFormAsync("/Verification",
        [
            new("Business.LegalName", "Acme Page K.K."), new("Business.AddressLine1", "1 Main Street"), new("Business.City", "Osaka"),
            new("Business.PostalCode", "530-0001"), new("Business.Country", "JP"),
        ], "/Verification?handler=Business");
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        var uploaded = await PostMultipartAsync(admin, "/Verification", "/Verification?handler=Upload&check=business", ("certificate.pdf", Pdf, "application/pdf"), "Certificate of registration");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Contains("certificate.pdf", admin.LastHtml, StringComparison.Ordinal);

        var victor = await SignedInAsync(Victor);
        await victor.GetAsync("/Operator/Verification?check=business&org=org");
        Assert.Contains($"/Operator/Verification/Review/{org.Id}#check-business", victor.LastHtml, StringComparison.Ordinal);
        await victor.GetAsync($"/Operator/Verification/Review/{org.Id}");
        Assert.Contains("certificate.pdf", victor.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Certificate of registration", victor.LastHtml, StringComparison.Ordinal);

        var decided = await victor.PostFormAsync($"/Operator/Verification/Review/{org.Id}", [new("Decision", "Accept")],
            $"/Operator/Verification/Review/{org.Id}?check=business");
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);

        // Deciding again: the check is no longer pending, and the page says so.
        var again = await victor.PostFormAsync($"/Operator/Verification/Review/{org.Id}", [new("Decision", "Reject"), new("ReasonCode", "not_eligible")],
            $"/Operator/Verification/Review/{org.Id}?check=business");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Only a check waiting for review", victor.LastHtml, StringComparison.Ordinal);

        await admin.GetAsync("/Verification");
        Assert.Contains("status-accepted", admin.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_DisguisedFileThroughThePage_ShowsErrorSummaryAndStoresNothing()
    {
        var org = await factory.NewOrganizationAsync();
        var admin = await SignedInAsync(org.AdminEmail, Builders.GoodPassword);

        var response = await PostMultipartAsync(admin, "/Verification", "/Verification?handler=Upload&check=domain", ("scan.png", HtmlPage, "image/png"), null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ApiClient.Ct);
        Assert.Contains("class=\"error-summary\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#files-domain\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("scan.png", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_ElevenMegabytesThroughThePage_Answers413WithTheErrorPage()
    {
        var org = await factory.NewOrganizationAsync();
        var admin = await SignedInAsync(org.AdminEmail, Builders.GoodPassword);
        var content = new byte[11 * 1024 * 1024];
        Pdf.CopyTo(content, 0);

        var response = await PostMultipartAsync(admin, "/Verification", "/Verification?handler=Upload&check=domain", ("huge.pdf", content, "application/pdf"), null);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The upload is too large", await response.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("huge.pdf", admin.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_PersonalEmailThroughThePage_IsExplained()
    {
        var org = await factory.NewOrganizationAsync();
        var admin = await SignedInAsync(org.AdminEmail, Builders.GoodPassword);

        var response = await admin.PostFormAsync("/Verification", [new("Email", "me@hotmail.com")], "/Verification?handler=Email");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Personal mail addresses", admin.LastHtml, StringComparison.Ordinal);
        Assert.Contains("href=\"#email\"", admin.LastHtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "Verification responses", "What to do:")]
    [InlineData("ja-JP", "認証の回答", "対応方法:")]
    public async Task Responses_SignedOut_ExplainsEveryReasonCode(string culture, string heading, string whatToDo)
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);

        var response = await client.GetAsync("/Verification/Responses");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<h1>{heading}</h1>", client.LastHtml, StringComparison.Ordinal);
        foreach (var code in VerificationReasons.All)
        {
            Assert.Contains($"id=\"{code}\"", client.LastHtml, StringComparison.Ordinal);
        }

        Assert.Equal(VerificationReasons.All.Count, Regex.Count(client.LastHtml, Regex.Escape(whatToDo)));
    }

    [Fact]
    public async Task Menu_ShowsVerificationToAdmins_BenefitsOnlyWhenVerified_QueueToAgents()
    {
        var fumi = await SignedInAsync(Fumi);
        var alex = await SignedInAsync("alex.johnson@contoso.example");
        var victor = await SignedInAsync(Victor);

        await fumi.GetAsync("/");
        Assert.Contains("href=\"/Verification\"", fumi.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Benefits\"", fumi.LastHtml, StringComparison.Ordinal);
        await alex.GetAsync("/");
        Assert.Contains("href=\"/Benefits\"", alex.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Operator/Verification\"", alex.LastHtml, StringComparison.Ordinal);
        await victor.GetAsync("/");
        Assert.Contains("href=\"/Operator/Verification\"", victor.LastHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Verification\"", victor.LastHtml, StringComparison.Ordinal);

        var benefits = await alex.GetAsync("/Benefits");
        Assert.Equal(HttpStatusCode.OK, benefits.StatusCode);
        Assert.Contains("Product licenses", alex.LastHtml, StringComparison.Ordinal);
        Assert.Contains("13 licenses", alex.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OperatorPages_Partner_IsSentToAccessDenied()
    {
        var fumi = await SignedInAsync(Fumi);
        var fabrikam = await factory.OrganizationIdAsync("Fabrikam Reseller 株式会社");

        foreach (var url in new[] { "/Operator/Verification", $"/Operator/Verification/Review/{fabrikam}" })
        {
            var response = await fumi.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Resources_EveryVerificationAndBenefitString_HasEnglishAndJapanese()
    {
        var keys = VerificationReasons.All.SelectMany(c => new[] { $"VerificationReason.{c}.Title", $"VerificationReason.{c}.Explanation", $"VerificationReason.{c}.WhatToDo" })
            .Concat(Enum.GetNames<VerificationCheckStatus>().Select(s => "VerificationCheckStatus." + s))
            .Concat(VerificationService.Kinds.Select(k => "VerificationCheck." + VerificationService.Id(k)))
            .Concat(typeof(NextSteps).GetFields().Select(f => "VerificationNext." + f.GetValue(null)))
            .Concat(BenefitCatalog.All.SelectMany(b => new[] { "Benefit." + b.Id, $"Benefit.{b.Id}.Description", "BenefitUnit." + b.Unit }))
            .ToList();
        var resources = new ResourceManager("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using static Portico.Tests.Verification.VerificationTestData;

namespace Portico.Tests.Verification;

/// <summary>
/// Fix now uploads: the type comes from the content only, sizes are bounded, names never become paths, and every
/// refusal leaves the check and the document table as they were.
/// </summary>
public sealed class DocumentUploadTests(VerificationPortalFactory factory) : IClassFixture<VerificationPortalFactory>
{
    private async Task<NewOrganization> WithBusinessDetailsAsync()
    {
        var org = await factory.NewOrganizationAsync();
        var response = await org.Admin.PutAsJsonAsync($"/api/v1/orgs/{org.Id}/verification/checks/business",
            new { legalName = "Acme Corporation", addressLine1 = "1 Main Street", city = "Springfield", postalCode = "12345", country = "US" }, ApiClient.Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return org;
    }

    private Task<int> DocumentCountAsync(Guid orgId) =>
        factory.WithDbAsync(db => db.VerificationDocuments.CountAsync(d => d.OrganizationId == orgId, ApiClient.Ct));

    private static Task<HttpResponseMessage> PostAsync(NewOrganization org, HttpContent content, string check = "business") =>
        org.Admin.PostAsync($"/api/v1/orgs/{org.Id}/verification/checks/{check}/documents", content, ApiClient.Ct);

    [Theory]
    [InlineData("registration.pdf", "pdf", "application/pdf")]
    [InlineData("scan.PNG", "png", "image/png")]
    [InlineData("photo.jpeg", "jpeg", "image/jpeg")]
    [InlineData("no-extension", "pdf", "application/pdf")]
    [InlineData("wrong-extension.png", "pdf", "application/pdf")]
    public async Task Upload_RealDocument_IsStoredWithTheSniffedType(string name, string kind, string expectedType)
    {
        var org = await WithBusinessDetailsAsync();
        var content = kind switch { "pdf" => Pdf, "png" => Png, _ => Jpeg };

        var response = await PostAsync(org, Upload("Registration", (name, content, "application/octet-stream")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = (await response.JsonAsync()).GetProperty("checks")[2].GetProperty("documents")[0];
        Assert.Equal(expectedType, document.GetProperty("contentType").GetString());
        Assert.EndsWith(expectedType switch { "application/pdf" => ".pdf", "image/png" => ".png", _ => ".jpg" }, document.GetProperty("fileName").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> Disguised => new()
    {
        { "invoice.pdf", Exe, "application/pdf" },
        { "setup.exe", Exe, "application/octet-stream" },
        { "image.png", HtmlPage, "image/png" },
        { "page.html", HtmlPage, "text/html" },
        { "script.jpg", "#!/bin/sh\nrm -rf /\n"u8.ToArray(), "image/jpeg" },
        { "almost.pdf", "%PD"u8.ToArray(), "application/pdf" },
        { "svg.png", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(), "image/svg+xml" },
    };

    [Theory]
    [MemberData(nameof(Disguised))]
    public async Task Upload_WrongOrDisguisedType_Answers415AndStoresNothing(string name, byte[] content, string claimedType)
    {
        var org = await WithBusinessDetailsAsync();
        var before = await factory.CountsAsync();

        var response = await PostAsync(org, Upload("x", (name, content, claimedType)));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file_type_not_accepted");
        Assert.Equal(0, await DocumentCountAsync(org.Id));
        Assert.Equal(before, await factory.CountsAsync());
    }

    [Fact]
    public async Task Upload_OneGoodAndOneDisguised_StoresNeither()
    {
        var org = await WithBusinessDetailsAsync();

        var response = await PostAsync(org, Upload(null, ("good.pdf", Pdf, "application/pdf"), ("bad.pdf", Exe, "application/pdf")));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "file_type_not_accepted");
        Assert.Equal(0, await DocumentCountAsync(org.Id));
    }

    [Fact]
    public async Task Upload_ZeroBytes_Answers400()
    {
        var org = await WithBusinessDetailsAsync();

        var response = await PostAsync(org, Upload(null, ("empty.pdf", [], "application/pdf")));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "file_empty");
        Assert.Equal(0, await DocumentCountAsync(org.Id));
    }

    [Fact]
    public async Task Upload_NoFile_Answers400()
    {
        var org = await WithBusinessDetailsAsync();

        await (await PostAsync(org, Upload("only a comment"))).AssertProblemAsync(HttpStatusCode.BadRequest, "file_required");
    }

    [Fact]
    public async Task Upload_JustOverTenMegabytes_Answers413FileTooLarge()
    {
        var org = await WithBusinessDetailsAsync();
        var content = new byte[(10 * 1024 * 1024) + 1];
        Pdf.CopyTo(content, 0);

        var response = await PostAsync(org, Upload(null, ("big.pdf", content, "application/pdf")));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        Assert.Equal(0, await DocumentCountAsync(org.Id));
    }

    [Fact]
    public async Task Upload_ExactlyTenMegabytes_IsAccepted()
    {
        var org = await WithBusinessDetailsAsync();
        var content = new byte[10 * 1024 * 1024];
        Pdf.CopyTo(content, 0);

        var response = await PostAsync(org, Upload(null, ("big.pdf", content, "application/pdf")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Upload_ElevenMegabytes_Answers413RequestTooLarge()
    {
        var org = await WithBusinessDetailsAsync();
        var content = new byte[11 * 1024 * 1024];
        Pdf.CopyTo(content, 0);

        var response = await PostAsync(org, Upload(null, ("huge.pdf", content, "application/pdf")));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Equal(0, await DocumentCountAsync(org.Id));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("..\\..\\Windows\\win.ini.pdf", "win.ini.pdf")]
    [InlineData("/var/lib/portico/data/x.pdf", "x.pdf")]
    [InlineData("C:\\temp\\report.pdf", "report.pdf")]
    [InlineData("..", "document.pdf")]
    [InlineData("<script>alert(1)<\\script>.pdf", "script_.pdf")]
    [InlineData("a\u0000b.pdf", "a_b.pdf")]
    [InlineData("登記事項証明書.pdf", "登記事項証明書.pdf")]
    public async Task Upload_PathCharactersInName_AreStrippedFromTheStoredName(string name, string expected)
    {
        var org = await WithBusinessDetailsAsync();
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");

        // Note: the raw header, so the client library does not clean the name first.
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"files\"; filename*=UTF-8''{Uri.EscapeDataString(name)}");
        form.Add(part);

        var response = await PostAsync(org, form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await factory.WithDbAsync(db => db.VerificationDocuments.Where(d => d.OrganizationId == org.Id).Select(d => d.FileName).SingleAsync(ApiClient.Ct));
        Assert.Equal(expected, stored);
        Assert.DoesNotContain('/', stored);
        Assert.DoesNotContain('\\', stored);
    }

    [Fact]
    public async Task Upload_NotMultipart_Answers415()
    {
        var org = await WithBusinessDetailsAsync();

        var response = await PostAsync(org, JsonContent.Create(new { files = "x" }));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task Upload_BusinessBeforeDetails_Answers409()
    {
        var org = await factory.NewOrganizationAsync();

        await (await PostAsync(org, Upload(null, ("a.pdf", Pdf, "application/pdf")))).AssertProblemAsync(HttpStatusCode.Conflict, "business_details_required");
    }

    [Fact]
    public async Task Upload_TooManyFilesAtOnce_Answers400()
    {
        var org = await WithBusinessDetailsAsync();
        var files = Enumerable.Range(0, 6).Select(i => ($"p{i}.pdf", Pdf, "application/pdf")).ToArray();

        await (await PostAsync(org, Upload(null, files))).AssertProblemAsync(HttpStatusCode.BadRequest, "too_many_documents");
    }

    [Fact]
    public async Task Upload_CommentTooLong_Answers400()
    {
        var org = await WithBusinessDetailsAsync();

        var problem = await (await PostAsync(org, Upload(new string('x', 2001), ("a.pdf", Pdf, "application/pdf")))).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains("comment:too_long", problem.FieldErrors());
    }

    [Fact]
    public async Task Upload_UnknownCheck_Answers404()
    {
        var org = await WithBusinessDetailsAsync();

        await (await PostAsync(org, Upload(null, ("a.pdf", Pdf, "application/pdf")), check: "passport")).AssertProblemAsync(HttpStatusCode.NotFound, "verification_check_not_found");
    }

    [Fact]
    public async Task Upload_OtherSmallApiRoutes_KeepTheir64KbLimit()
    {
        var org = await WithBusinessDetailsAsync();
        var body = JsonSerializer.Serialize(new { email = new string('a', 70 * 1024) + "@acme-corp.example" });

        var response = await org.Admin.PostRawAsync($"/api/v1/orgs/{org.Id}/verification/checks/email/link", body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }
}

/// <summary>Upload limits a real Kestrel server enforces, including a chunked body that announces no length.</summary>
public sealed class DocumentUploadKestrelTests(KestrelVerificationFactory factory) : IClassFixture<KestrelVerificationFactory>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Upload_ElevenMegabytesOnKestrel_Answers413AndStoresNothing(bool chunked)
    {
        var org = await factory.NewOrganizationAsync();
        await org.Admin.PutAsJsonAsync($"/api/v1/orgs/{org.Id}/verification/checks/business",
            new { legalName = "Acme", addressLine1 = "1 Main Street", city = "Springfield", postalCode = "12345", country = "US" }, ApiClient.Ct);
        var file = new byte[11 * 1024 * 1024];
        Pdf.CopyTo(file, 0);
        using var form = Upload(null, ("huge.pdf", file, "application/pdf"));
        var bytes = await form.ReadAsByteArrayAsync(ApiClient.Ct);
        HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = form.Headers.ContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orgs/{org.Id}/verification/checks/business/documents") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await org.Admin.SendAsync(request, ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Equal(0, await factory.WithDbAsync(db => db.VerificationDocuments.CountAsync(d => d.OrganizationId == org.Id, ApiClient.Ct)));
    }
}

/// <summary>The demo portal on a real Kestrel server (for victor.verify and body limits).</summary>
public sealed class KestrelVerificationFactory : PortalFactory
{
    public KestrelVerificationFactory()
    {
        Settings["Portico:DemoData"] = "true";
        UseKestrel(0);
    }
}

using System.Net;
using System.Net.Http.Json;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.Apps;
using static Portico.Tests.Apps.AppsTestKit;
using static Portico.Tests.Relationships.RelationshipTestKit;

namespace Portico.Tests.Apps;

/// <summary>Every refused app and secret body: 400 with a stable code and the failing fields, and nothing written.</summary>
public sealed class AppsBadInputTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string App(string redirectUris, string name = "\"n\"", string platform = "\"Web\"") =>
        $$"""{"displayName":{{name}},"platform":{{platform}},"redirectUris":{{redirectUris}}}""";

    /// <summary>A JSON body and the field error it must produce.</summary>
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"platform":"Web","redirectUris":[]}""", "displayName:required" },
        { App("[]", "\"   \""), "displayName:required" },
        { App("[]", $"\"{new string('n', AppRegistration.DisplayNameMaxLength + 1)}\""), "displayName:too_long" },
        { App("[]", "\"Bell\\u0007\""), "displayName:invalid_characters" },
        { App("[]", "\"Two\\nlines\""), "displayName:invalid_characters" },
        { $$"""{"displayName":"n","platform":"Web","description":"{{new string('d', AppRegistration.DescriptionMaxLength + 1)}}"}""", "description:too_long" },
        { """{"displayName":"n","platform":"Web","description":"nul\u0000"}""", "description:invalid_characters" },
        { """{"displayName":"n"}""", "platform:required" },
        { App("[]", platform: "\"web\""), "platform:invalid_value" },
        { App("[]", platform: "\"Spa\""), "platform:invalid_value" },
        { App("[]", platform: "\"1\""), "platform:invalid_value" },
        { App($"[{string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"https://a.example/{i}\""))}]"), "redirectUris:" + RedirectUriCodes.TooMany },
        { App("[\"http://app.contoso.example/cb\"]"), "redirectUris[0]:" + RedirectUriCodes.NotHttps },
        { App("[\"https://ok.example/\",\"http://localhost.evil.example/cb\"]"), "redirectUris[1]:" + RedirectUriCodes.NotHttps },
        { App("[\"ftp://files.example/cb\"]"), "redirectUris[0]:" + RedirectUriCodes.NotHttps },
        { App("[\"javascript:alert(1)\"]"), "redirectUris[0]:" + RedirectUriCodes.NotAbsolute },
        { App("[\"/signin-oidc\"]"), "redirectUris[0]:" + RedirectUriCodes.NotAbsolute },
        { App("[\"app.contoso.example/cb\"]"), "redirectUris[0]:" + RedirectUriCodes.NotAbsolute },
        { App("[\"https://user:pw@app.example/cb\"]"), "redirectUris[0]:" + RedirectUriCodes.NotAbsolute },
        { App("[\"https://app.example/a b\"]"), "redirectUris[0]:" + RedirectUriCodes.NotAbsolute },
        { App("[\"https://app.example/cb#frag\"]"), "redirectUris[0]:" + RedirectUriCodes.Fragment },
        { App("[\"https://*.contoso.example/cb\"]"), "redirectUris[0]:" + RedirectUriCodes.Wildcard },
        { App("[\"https://app.example/cb\",\"HTTPS://APP.EXAMPLE/CB\"]"), "redirectUris[1]:" + RedirectUriCodes.Duplicate },
        { App($"[\"https://app.example/{new string('p', AppRegistration.RedirectUriMaxLength)}\"]"), "redirectUris[0]:too_long" },
        { App("[\"\"]"), "redirectUris[0]:required" },
        { App("[null]"), "redirectUris[0]:required" },
        { App("[\"https://app.example/\\u0001\"]"), "redirectUris[0]:invalid_characters" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateAndUpdate_InvalidField_Answer400WithTheFieldAndWriteNothing(string body, string fieldError)
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var app = await factory.AppIdAsync(AppDemoData.WebApp);
        var before = await factory.AppStateAsync();

        var created = await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/apps", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/orgs/{contoso}/apps/{app}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var updated = await (await devon.SendAsync(put, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(fieldError, created.FieldErrors());
        Assert.Contains(fieldError, updated.FieldErrors());
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Theory]
    [InlineData("http://localhost/cb")]
    [InlineData("http://localhost:5000/signin-oidc")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:49152/")]
    [InlineData("https://app.contoso.example:8443/auth?tenant=contoso")]
    public void RedirectUri_AllowedForms_AreAccepted(string uri) =>
        Assert.Null(AppRegistrationService.RedirectUriError(uri));

    [Theory]
    [InlineData("{\"displayName\":")]
    [InlineData("not json")]
    [InlineData("""{"displayName":"n","platform":"Web","redirectUris":"https://one.example/"}""")]
    [InlineData("""{"displayName":["n"],"platform":"Web"}""")]
    [InlineData("""{"displayName":"n","platform":"Web","version":"not-a-guid"}""")]
    public async Task Create_MalformedJson_Answers400AndWritesNothing(string body)
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var before = await factory.AppStateAsync();

        var response = await devon.PostRawAsync($"/api/v1/orgs/{contoso}/apps", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task Create_NullOrEmptyBody_Answers400()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();

        await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/apps", "null")).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        var empty = await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/apps", "{}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["displayName:required", "platform:required"], empty.FieldErrors());
    }

    [Theory]
    [InlineData("""{"description":"d"}""", "expiresInDays:required")]
    [InlineData("""{"expiresInDays":60}""", "expiresInDays:invalid_value")]
    [InlineData("""{"expiresInDays":0}""", "expiresInDays:invalid_value")]
    [InlineData("""{"expiresInDays":-30}""", "expiresInDays:invalid_value")]
    [InlineData("""{"expiresInDays":731}""", "expiresInDays:invalid_value")]
    [InlineData("""{"expiresInDays":30,"description":"tab\there"}""", "description:invalid_characters")]
    [InlineData("""{"expiresInDays":30,"description":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x"}""", "description:too_long")]
    public async Task CreateSecret_InvalidField_Answers400AndWritesNothing(string body, string fieldError)
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var app = await factory.AppIdAsync(AppDemoData.DesktopApp);
        var before = await factory.AppStateAsync();

        var problem = await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/apps/{app}/secrets", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(fieldError, problem.FieldErrors());
        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Theory]
    [InlineData("""{"expiresInDays":"ninety"}""")]
    [InlineData("""{"expiresInDays":30.5}""")]
    [InlineData("null")]
    [InlineData("[")]
    public async Task CreateSecret_MalformedJson_Answers400AndWritesNothing(string body)
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var app = await factory.AppIdAsync(AppDemoData.DesktopApp);
        var before = await factory.AppStateAsync();

        await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/apps/{app}/secrets", body)).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");

        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task Disable_MalformedBody_Answers400AndChangesNothing()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var contoso = await factory.ContosoAsync();
        var app = await factory.AppIdAsync(AppDemoData.DesktopApp);
        var before = await factory.AppStateAsync();

        await (await devon.PostRawAsync($"/api/v1/orgs/{contoso}/apps/{app}/disable", "{\"version\":12}")).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");

        Assert.Equal(before, await factory.AppStateAsync());
    }

    [Fact]
    public async Task Problem_InJapanese_HasJapaneseTitleAndFieldMessage()
    {
        var devon = await factory.ClientAsync(Devon, mfa: false);
        devon.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");
        var contoso = await factory.ContosoAsync();

        var taken = await (await devon.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps", Body(AppDemoData.WebApp), Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, AppErrors.NameTaken);
        var invalid = await (await devon.PostAsJsonAsync($"/api/v1/orgs/{contoso}/apps", Body(redirectUris: ["http://app.example/"]), Ct))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal("この組織には同じ表示名のアプリが既にあります。別の名前を指定してください。", taken.GetProperty("title").GetString());
        Assert.Equal("https を使用してください。http が使えるのは http://localhost と http://127.0.0.1 だけです。",
            invalid.GetProperty("errors")[0].GetProperty("message").GetString());
    }
}

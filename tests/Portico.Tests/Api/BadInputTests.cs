using System.Net;
using System.Net.Http.Headers;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.Api;

/// <summary>
/// Bad input on the public JSON endpoints: every request below gets a 4xx problem document with a stable error
/// code, never a 500, and writes nothing.
/// </summary>
public sealed class BadInputTests : IClassFixture<DemoPortalFactory>
{
    private static readonly string LongEmail = new string('a', 300 - "@contoso.example".Length) + "@contoso.example";
    private static readonly string LongPassword = new('p', 257);
    private static readonly string OneMegabyte = new('x', 1024 * 1024 + 1);

    private readonly DemoPortalFactory factory;

    public BadInputTests(DemoPortalFactory factory) => this.factory = factory;

    public static TheoryData<string, string, string, string, int, string, string?> Requests => new()
    {
        // name, path, content type, body, status, error, "field:code" expected among errors
        { "malformed JSON", "/api/v1/session", "application/json", "{\"email\": \"alex.johnson@contoso.example\", \"password\":", 400, "malformed_request", null },
        { "not JSON at all", "/api/v1/session", "application/json", "email=alex&password=x", 400, "malformed_request", null },
        { "lone surrogate escape", "/api/v1/session", "application/json", "{\"email\": \"a\\ud800b@contoso.example\", \"password\": \"x\"}", 400, "malformed_request", null },
        { "wrong JSON types", "/api/v1/session", "application/json", "{\"email\": 42, \"password\": true}", 400, "malformed_request", null },
        { "object for a string", "/api/v1/session", "application/json", "{\"email\": {\"a\": 1}, \"password\": \"x\"}", 400, "malformed_request", null },
        { "array body", "/api/v1/session", "application/json", "[\"alex.johnson@contoso.example\"]", 400, "malformed_request", null },
        { "JSON null", "/api/v1/session", "application/json", "null", 400, "malformed_request", null },
        { "deeply nested", "/api/v1/session", "application/json", "{\"email\":" + new string('[', 5000) + new string(']', 5000) + "}", 400, "malformed_request", null },
        { "empty object", "/api/v1/session", "application/json", "{}", 400, "validation_failed", "email:required" },
        { "missing password", "/api/v1/session", "application/json", "{\"email\": \"alex.johnson@contoso.example\"}", 400, "validation_failed", "password:required" },
        { "blank email", "/api/v1/session", "application/json", "{\"email\": \"   \", \"password\": \"x\"}", 400, "validation_failed", "email:required" },
        { "not an email", "/api/v1/session", "application/json", "{\"email\": \"alex.johnson\", \"password\": \"x\"}", 400, "validation_failed", "email:invalid_email" },
        { "control character in email", "/api/v1/session", "application/json", "{\"email\": \"alex\\u0000.johnson@contoso.example\", \"password\": \"x\"}", 400, "validation_failed", "email:invalid_characters" },
        { "newline in email", "/api/v1/session", "application/json", "{\"email\": \"alex.johnson@contoso.example\\r\\nBcc: x@y.example\", \"password\": \"x\"}", 400, "validation_failed", "email:invalid_characters" },
        { "control character in password", "/api/v1/session", "application/json", "{\"email\": \"alex.johnson@contoso.example\", \"password\": \"harbor\\u0007lantern\"}", 400, "validation_failed", "password:invalid_characters" },
        { "300-character email", "/api/v1/session", "application/json", $"{{\"email\": \"{LongEmail}\", \"password\": \"x\"}}", 400, "validation_failed", "email:too_long" },
        { "257-character password", "/api/v1/session", "application/json", $"{{\"email\": \"alex.johnson@contoso.example\", \"password\": \"{LongPassword}\"}}", 400, "validation_failed", "password:too_long" },
        { "invalid accountKind", "/api/v1/session", "application/json", $"{{\"email\": \"alex.johnson@contoso.example\", \"password\": \"{DemoData.Password}\", \"accountKind\": \"Admin\"}}", 400, "validation_failed", "accountKind:invalid_value" },
        { "numeric accountKind", "/api/v1/session", "application/json", $"{{\"email\": \"alex.johnson@contoso.example\", \"password\": \"{DemoData.Password}\", \"accountKind\": \"0\"}}", 400, "validation_failed", "accountKind:invalid_value" },
        { "out-of-range accountKind", "/api/v1/session", "application/json", $"{{\"email\": \"alex.johnson@contoso.example\", \"password\": \"{DemoData.Password}\", \"accountKind\": \"Work,Personal\"}}", 400, "validation_failed", "accountKind:invalid_value" },
        { "form post to JSON API", "/api/v1/session", "application/x-www-form-urlencoded", "email=alex.johnson%40contoso.example&password=x", 415, "unsupported_media_type", null },
        { "text/plain", "/api/v1/session", "text/plain", "{\"email\": \"alex.johnson@contoso.example\", \"password\": \"x\"}", 415, "unsupported_media_type", null },
        { "unknown API route", "/api/v1/no-such-thing", "application/json", "{}", 404, "not_found", null },
        { "sign-up malformed JSON", "/api/v1/personal-accounts", "application/json", "{\"email\": ", 400, "malformed_request", null },
        { "sign-up missing display name", "/api/v1/personal-accounts", "application/json", "{\"email\": \"new.person@example.org\", \"password\": \"violet-anchor-drizzle-mapping-81\"}", 400, "validation_failed", "displayName:required" },
        { "sign-up control character in name", "/api/v1/personal-accounts", "application/json", "{\"email\": \"new.person@example.org\", \"password\": \"violet-anchor-drizzle-mapping-81\", \"displayName\": \"Pat\\u001bPerson\"}", 400, "validation_failed", "displayName:invalid_characters" },
        { "sign-up 201-character name", "/api/v1/personal-accounts", "application/json", $"{{\"email\": \"new.person@example.org\", \"password\": \"violet-anchor-drizzle-mapping-81\", \"displayName\": \"{new string('n', 201)}\"}}", 400, "validation_failed", "displayName:too_long" },
        { "sign-up 300-character email", "/api/v1/personal-accounts", "application/json", $"{{\"email\": \"{LongEmail}\", \"password\": \"violet-anchor-drizzle-mapping-81\", \"displayName\": \"Pat\"}}", 400, "validation_failed", "email:too_long" },
        { "sign-up 257-character password", "/api/v1/personal-accounts", "application/json", $"{{\"email\": \"new.person@example.org\", \"password\": \"{LongPassword}\", \"displayName\": \"Pat\"}}", 400, "validation_failed", "password:too_long" },
        { "sign-up wrong types", "/api/v1/personal-accounts", "application/json", "{\"email\": [], \"password\": 1, \"displayName\": false}", 400, "malformed_request", null },
        { "verify code too long", "/api/v1/personal-accounts/verify", "application/json", "{\"email\": \"new.person@example.org\", \"code\": \"12345678901234567\"}", 400, "validation_failed", "code:too_long" },
        { "verify missing code", "/api/v1/personal-accounts/verify", "application/json", "{\"email\": \"new.person@example.org\"}", 400, "validation_failed", "code:required" },
        { "verify malformed", "/api/v1/personal-accounts/verify", "application/json", "{\"code\": 123456", 400, "malformed_request", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task PublicEndpoint_BadInput_AnswersProblemAndWritesNothing(
        string name, string path, string contentType, string body, int status, string error, string? fieldError)
    {
        var before = await factory.CountsAsync();

        var response = await factory.CreateClient().PostRawAsync(path, body, contentType);

        var problem = await response.AssertProblemAsync((HttpStatusCode)status, error);
        if (fieldError is not null)
        {
            Assert.True(problem.FieldErrors().Contains(fieldError), $"{name}: expected {fieldError} among {string.Join(", ", problem.FieldErrors())}");
        }

        Assert.Equal(before, await factory.CountsAsync());
        Assert.Empty(factory.Outbox.All());
    }

    [Fact]
    public async Task CreateSession_InvalidUtf8_AnswersMalformedRequest()
    {
        var before = await factory.CountsAsync();
        byte[] bytes = [.. "{\"email\": \"a"u8, 0xff, 0xfe, .. "@contoso.example\", \"password\": \"x\"}"u8];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await factory.CreateClient().PostAsync("/api/v1/session", content, ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(before, await factory.CountsAsync());
    }

    [Theory]
    [InlineData("/api/v1/session")]
    [InlineData("/api/v1/personal-accounts")]
    [InlineData("/api/v1/personal-accounts/verify")]
    public async Task PublicEndpoint_OneMegabyteBody_Answers413(string path)
    {
        var before = await factory.CountsAsync();

        var response = await factory.CreateClient().PostRawAsync(path, $"{{\"email\": \"{OneMegabyte}\", \"password\": \"x\"}}");

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Equal(before, await factory.CountsAsync());
    }

    [Theory]
    [InlineData("GET", "/api/v1/session", 405, "method_not_allowed")]
    [InlineData("PUT", "/api/v1/personal-accounts", 405, "method_not_allowed")]
    [InlineData("GET", "/api/v1/nothing/here", 404, "not_found")]
    [InlineData("GET", "/api/v1/orgs/not-a-guid", 404, "not_found")]
    public async Task Api_UnknownRouteOrMethod_AnswersProblemNotHtml(string method, string path, int status, string error)
    {
        var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ApiClient.Ct);

        await response.AssertProblemAsync((HttpStatusCode)status, error);
    }

    [Fact]
    public async Task ChangePassword_BadInput_AnswersProblemAndKeepsPassword()
    {
        var client = factory.CreateClient();
        var token = await client.SignInAsync("taylor.tanaka@contoso.example", DemoData.Password, "Work");
        client.WithToken(token);
        var before = await factory.CountsAsync();
        var hash = (await factory.AccountAsync("taylor.tanaka@contoso.example")).PasswordHash;

        await (await client.PostRawAsync("/api/v1/me/password", "{\"currentPassword\": ")).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        await (await client.PostRawAsync("/api/v1/me/password", "{\"currentPassword\": 1, \"newPassword\": 2}")).AssertProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        var missing = await (await client.PostRawAsync("/api/v1/me/password", "{}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("newPassword:required", missing.FieldErrors());
        var tooLong = await (await client.PostRawAsync("/api/v1/me/password", $"{{\"currentPassword\": \"{DemoData.Password}\", \"newPassword\": \"{LongPassword}\"}}"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("newPassword:too_long", tooLong.FieldErrors());
        await (await client.PostRawAsync("/api/v1/me/password", $"{{\"currentPassword\": \"{OneMegabyte}\"}}")).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");

        Assert.Equal(before, await factory.CountsAsync());
        Assert.Equal(hash, (await factory.AccountAsync("taylor.tanaka@contoso.example")).PasswordHash);
    }

    [Fact]
    public async Task ListAudit_BadQuery_AnswersValidationProblem()
    {
        var client = factory.CreateClient();
        client.WithToken(await client.SignInAsync("alex.johnson@contoso.example", DemoData.Password));
        var org = await factory.OrganizationIdAsync("Contoso Cloud Solutions");

        foreach (var query in new[] { "limit=0", "limit=201", "limit=abc", "cursor=abc", "cursor=-1", "type=NoSuchEvent", "type=100", "from=yesterday" })
        {
            var response = await client.GetAsync($"/api/v1/orgs/{org}/audit?{query}", ApiClient.Ct);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ApiClient.Ct)}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/api/v1/session", "{}", "validation_failed", "入力内容に誤りがあります。")]
    [InlineData("/api/v1/session", "{\"email\": ", "malformed_request", null)]
    [InlineData("/api/v1/session", "{\"email\": \"nobody@contoso.example\", \"password\": \"whatever-it-is\"}", "invalid_credentials", "メールアドレスまたはパスワードが正しくありません。")]
    public async Task Problem_JapaneseAcceptLanguage_HasJapaneseTitleAndMessages(string path, string body, string error, string? title)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP,ja;q=0.9,en;q=0.5");

        var response = await client.PostRawAsync(path, body);

        var problem = await response.AssertProblemAsync(response.StatusCode, error);
        var japanese = problem.GetProperty("title").GetString()!;
        if (title is not null)
        {
            Assert.Equal(title, japanese);
        }

        Assert.True(IsJapanese(japanese), japanese);
        if (problem.TryGetProperty("errors", out var errors))
        {
            Assert.All(errors.EnumerateArray(), e => Assert.True(IsJapanese(e.GetProperty("message").GetString()!), e.GetProperty("message").GetString()));
        }

        var english = await factory.CreateClient().PostRawAsync(path, body);
        Assert.NotEqual(japanese, (await english.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Problem_OneMegabyteBodyInJapanese_HasJapaneseTitle()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ja-JP");

        var response = await client.PostRawAsync("/api/v1/session", $"{{\"email\": \"{OneMegabyte}\"}}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.True(IsJapanese(problem.GetProperty("title").GetString()!), problem.GetProperty("title").GetString());
    }

    private static bool IsJapanese(string text) => text.Any(c => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff');
}

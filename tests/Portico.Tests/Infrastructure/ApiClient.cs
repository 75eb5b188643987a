using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Portico.Tests.Infrastructure;

/// <summary>Small helpers for calling the JSON API as a client would.</summary>
public static class ApiClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The running test's cancellation token.</summary>
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<string> SignInAsync(this HttpClient client, string email, string password, string? accountKind = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/session", new { email, password, accountKind }, Ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Assert.Fail($"Sign-in of {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json, Ct);
        return body.GetProperty("token").GetString()!;
    }

    public static Task<HttpResponseMessage> PostSessionAsync(this HttpClient client, string email, string password, string? accountKind = null) =>
        client.PostAsJsonAsync("/api/v1/session", new { email, password, accountKind }, Ct);

    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A fresh API client carrying <paramref name="token"/> as its bearer token.</summary>
    public static HttpClient ApiClientFor(this PortalFactory factory, string token) => factory.CreateClient().WithToken(token);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, Ct);

    /// <summary>Posts <paramref name="body"/> exactly as given, for malformed and oversized requests.</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.PostAsync(path, content, Ct);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Json, Ct);

    /// <summary>Asserts a problem document with <paramref name="status"/> and stable <paramref name="error"/> code; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string error)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {error}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        return body;
    }

    /// <summary>The field-level codes of a <c>validation_failed</c> problem, as "field:code".</summary>
    public static IReadOnlyList<string> FieldErrors(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => $"{e.GetProperty("field").GetString()}:{e.GetProperty("code").GetString()}").ToList()
            : [];

    /// <summary>Every response header except <c>Date</c>, as sorted "name: value" lines, for byte-for-byte comparisons.</summary>
    public static IReadOnlyList<string> HeaderLines(this HttpResponseMessage response) =>
        response.Headers.Concat(response.Content.Headers)
            .Where(h => !string.Equals(h.Key, "Date", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal)
            .ToList();
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Portico.Tests.Infrastructure;

namespace Portico.Tests.Api;

/// <summary>
/// Body limits that only a real server enforces (TestServer has no request-body size feature): a chunked body
/// announces no length, so Kestrel must stop reading it at the limit.
/// </summary>
public sealed class KestrelLimitsTests : IClassFixture<KestrelPortalFactory>
{
    private readonly KestrelPortalFactory factory;

    public KestrelLimitsTests(KestrelPortalFactory factory) => this.factory = factory;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateSession_OneMegabyteBodyOnKestrel_Answers413AndWritesNothing(bool chunked)
    {
        var before = await factory.CountsAsync();
        var bytes = Encoding.UTF8.GetBytes($"{{\"email\": \"{new string('x', 1024 * 1024)}\", \"password\": \"x\"}}");
        HttpContent content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/session") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await factory.CreateClient().SendAsync(request, ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Assert.Equal(before, await factory.CountsAsync());
    }
}

/// <summary>A portal on a real Kestrel server on a free loopback port.</summary>
public sealed class KestrelPortalFactory : PortalFactory
{
    public KestrelPortalFactory() => UseKestrel(0);
}

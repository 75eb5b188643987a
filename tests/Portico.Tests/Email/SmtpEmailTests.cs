using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using Portico.Tests.Infrastructure;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portico.Tests.Email;

/// <summary>Real SMTP once: MailKit talks to an in-process SMTP server on a loopback port.</summary>
public sealed class SmtpEmailTests : IClassFixture<SmtpEmailTests.SmtpPortalFactory>
{
    private readonly SmtpPortalFactory factory;

    public SmtpEmailTests(SmtpPortalFactory factory) => this.factory = factory;

    [Fact]
    public async Task PersonalSignUp_WithSmtpConfigured_CodeArrivesOverSmtp()
    {
        var email = Builders.UniqueEmail("smtp");

        var response = await factory.CreateClient().PostJsonAsync("/api/v1/personal-accounts", new { email, password = Builders.GoodPassword, displayName = "Sam Tp" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(factory.Received, m => m.To.Mailboxes.Any(b => b.Address == email));
        Assert.Equal("Your Portico verification code", message.Subject);
        Assert.Matches("[0-9]{6}", message.TextBody);
        Assert.Equal("no-reply@portico.localhost", message.From.Mailboxes.Single().Address);
        Assert.Empty(factory.Outbox.All());
    }

    /// <summary>Hosts Portico with <c>Portico:Email:Smtp</c> pointing at an in-process SMTP server that keeps what it receives.</summary>
    public sealed class SmtpPortalFactory : PortalFactory, IAsyncLifetime
    {
        private readonly CancellationTokenSource stop = new();
        private readonly SmtpServer.SmtpServer server;
        private Task? running;

        public SmtpPortalFactory()
        {
            var port = FreePort();
            Settings["Portico:Email:Smtp:Host"] = "127.0.0.1";
            Settings["Portico:Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Settings["Portico:Email:Smtp:Security"] = "None";
            var options = new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
                .Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new CapturingStore(Received));
            server = new SmtpServer.SmtpServer(options, services);
        }

        public ConcurrentBag<MimeMessage> Received { get; } = [];

        public ValueTask InitializeAsync()
        {
            running = server.StartAsync(stop.Token);
            return ValueTask.CompletedTask;
        }

        public override async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            server.Shutdown();
            if (running is not null)
            {
                try
                {
                    await running;
                }
                catch (OperationCanceledException)
                {
                }
            }

            stop.Dispose();
            await base.DisposeAsync();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private sealed class CapturingStore(ConcurrentBag<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            received.Add(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

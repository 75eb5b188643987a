using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Portico.Web.Infrastructure.Email;

internal static class MimeBuilder
{
    public static MimeMessage Build(EmailMessage message, EmailOptions options)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }
}

/// <summary>Writes one RFC 5322 <c>.eml</c> file per message into the pickup directory (the default).</summary>
public sealed class PickupDirectoryEmailSender(IOptions<EmailOptions> options, TimeProvider time) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var directory = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(directory);
        var mime = MimeBuilder.Build(message, options.Value);
        var name = PickupFileName.Next(time, ".eml");
        var temp = Path.Combine(directory, name + ".tmp");
        await mime.WriteToAsync(temp, cancellationToken);

        // Note: write then rename, so a pickup reader never sees half a message.
        File.Move(temp, Path.Combine(directory, name));
    }
}

/// <summary>Sends through an SMTP server with MailKit (when <c>Portico:Email:Smtp:Host</c> is set).</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var o = options.Value;
        var mime = MimeBuilder.Build(message, o);
        using var client = new SmtpClient();
        var security = o.Smtp.Security switch
        {
            "None" => SecureSocketOptions.None,
            "StartTls" => SecureSocketOptions.StartTls,
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(o.Smtp.Host!, o.Smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(o.Smtp.UserName))
        {
            await client.AuthenticateAsync(o.Smtp.UserName, o.Smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

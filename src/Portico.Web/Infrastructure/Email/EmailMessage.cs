namespace Portico.Web.Infrastructure.Email;

/// <summary>A plain-text email, already localized for its recipient.</summary>
public sealed record EmailMessage(string To, string Subject, string Body, string? ToName = null);

/// <summary>The seam for outgoing mail: SMTP in production, a pickup directory by default.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public sealed class EmailOptions
{
    public string From { get; set; } = "Portico <no-reply@portico.localhost>";

    /// <summary>Where .eml files go when no SMTP host is configured.</summary>
    public string PickupDirectory { get; set; } = Path.Combine("data", "outbox");

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Auto (STARTTLS when offered), None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "Auto";
}

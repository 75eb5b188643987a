using QRCoder;

namespace Portico.Web.Features.SecurityInfo;

/// <summary>Renders an <c>otpauth://</c> URI as a PNG data URI for an authenticator app to scan (no script needed).</summary>
public static class QrCode
{
    public static string PngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>The secret in groups of four, as people type it into an app by hand.</summary>
    public static string Grouped(string secret) =>
        string.Join(' ', secret.Chunk(4).Select(c => new string(c)));
}

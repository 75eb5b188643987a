using System.Text;

namespace Portico.Web.Features.Verification;

/// <summary>Content sniffing and file-name sanitising for verification documents.</summary>
/// <remarks>
/// The type is decided by the file's first bytes only; the client's file name extension and Content-Type are
/// ignored, so an executable renamed <c>.pdf</c> or HTML sent as <c>image/png</c> is refused. The stored name is
/// for display and the download's Content-Disposition; it never reaches the file system.
/// </remarks>
public static class DocumentFiles
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    /// <summary>The accepted type of <paramref name="content"/>, or null when it is none of PDF, PNG and JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PdfMagic))
        {
            return Pdf;
        }

        if (content.StartsWith(PngMagic))
        {
            return Png;
        }

        return content.StartsWith(JpegMagic) && content.Length > 3 ? Jpeg : null;
    }

    public static string Extension(string contentType) => contentType switch
    {
        Pdf => ".pdf",
        Png => ".png",
        _ => ".jpg",
    };

    /// <summary>
    /// A display name without path parts, control or reserved characters, at most
    /// <see cref="VerificationDocument.FileNameMaxLength"/> long, ending in the extension of the sniffed type.
    /// </summary>
    public static string SafeFileName(string? name, string contentType)
    {
        // Note: both separators, whatever the server's OS: "..\..\x.pdf" from a Windows client is a path too.
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var builder = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            builder.Append(char.IsControl(c) || c is '<' or '>' or ':' or '"' or '|' or '?' or '*' or ';' or '%' ? '_' : c);
        }

        var stem = Path.GetFileNameWithoutExtension(builder.ToString()).Trim().Trim('.', ' ');
        var extension = Extension(contentType);
        var max = VerificationDocument.FileNameMaxLength - extension.Length;
        if (stem.Length > max)
        {
            stem = stem[..max];
        }

        return (stem.Length == 0 ? "document" : stem) + extension;
    }
}

namespace Portico.Web.Resources;

/// <summary>Marker for the shared en-US / ja-JP strings (<c>SharedResource.resx</c>, <c>SharedResource.ja.resx</c>).</summary>
public sealed class SharedResource
{
}

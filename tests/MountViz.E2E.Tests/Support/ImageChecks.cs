using System.Buffers.Binary;
using System.Xml;
using System.Xml.Linq;

namespace MountViz.E2E.Tests.Support;

/// <summary>Checks that exported files are what they claim to be.</summary>
internal static class ImageChecks
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a PNG: the signature, then an IHDR chunk first with a width and height above 0; returns them.</summary>
    public static (int Width, int Height) AssertPng(byte[] bytes, string what)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Assert.True(bytes.Length > 33, $"{what}: {bytes.Length} bytes is too short for a PNG");
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(PngSignature), $"{what}: no PNG signature (starts with {Convert.ToHexString(bytes.AsSpan(0, 8))})");
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8, 4)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        int width = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16, 4));
        int height = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.True(width > 0 && height > 0, $"{what}: IHDR says {width}x{height}");
        return (width, height);
    }

    /// <summary>Asserts an SVG document: it parses as XML and its root is an svg element; returns it.</summary>
    public static XDocument AssertSvg(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        XDocument document;
        try
        {
            document = XDocument.Parse(text, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new Xunit.Sdk.XunitException($"{what} is not XML: {e.Message}\n{text[..Math.Min(text.Length, 500)]}");
        }

        Assert.Equal("svg", document.Root?.Name.LocalName);
        return document;
    }

    /// <summary>The text an SVG draws (its text elements' contents), one string.</summary>
    public static string TextOf(XDocument svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        return string.Join('\n', svg.Descendants().Where(e => e.Name.LocalName is "text" or "tspan").Select(e => e.Value));
    }
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace MountViz.Web.Tests.TestSupport;

/// <summary>
/// A small PNG reader for checking screenshots: the signature, IHDR, the IDAT stream inflated and
/// unfiltered. Only what Chromium writes: 8-bit greyscale, RGB or RGBA, not interlaced.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Rows of Width × Channels bytes, top to bottom.</summary>
    public byte[] Pixels { get; }

    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="InvalidDataException"/> for anything else.</summary>
    public static PngImage Decode(byte[] bytes)
    {
        if (bytes.Length < 8 || !bytes.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("No PNG signature.");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        int offset = 8;
        bool ended = false;
        while (offset + 12 <= bytes.Length && !ended)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset, 4));
            string type = Encoding.ASCII.GetString(bytes, offset + 4, 4);
            ReadOnlySpan<byte> data = bytes.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data[..4]);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4, 4));
                    if (data[8] != 8 || data[12] != 0)
                    {
                        throw new InvalidDataException($"Bit depth {data[8]}, interlace {data[12]}: not what this reader handles.");
                    }

                    channels = data[9] switch
                    {
                        0 => 1,
                        2 => 3,
                        6 => 4,
                        _ => throw new InvalidDataException($"Colour type {data[9]} is not handled."),
                    };
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    ended = true;
                    break;
            }

            offset += 12 + length;
        }

        if (width <= 0 || height <= 0 || !ended)
        {
            throw new InvalidDataException($"IHDR {width}x{height}, IEND {(ended ? "found" : "missing")}.");
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        byte[] raw = inflated.ToArray();
        int stride = width * channels;
        if (raw.Length != height * (stride + 1))
        {
            throw new InvalidDataException($"{raw.Length} bytes of image data for {width}x{height}x{channels}.");
        }

        byte[] pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * (stride + 1)];
            for (int x = 0; x < stride; x++)
            {
                int value = raw[(y * (stride + 1)) + 1 + x];
                int a = x >= channels ? pixels[(y * stride) + x - channels] : 0;
                int b = y > 0 ? pixels[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? pixels[((y - 1) * stride) + x - channels] : 0;
                pixels[(y * stride) + x] = (byte)(filter switch
                {
                    0 => value,
                    1 => value + a,
                    2 => value + b,
                    3 => value + ((a + b) / 2),
                    4 => value + Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Filter type {filter} in row {y}."),
                });
            }
        }

        return new PngImage(width, height, channels, pixels);
    }

    /// <summary>How many different pixel values the image has (stops counting at <paramref name="enough"/>).</summary>
    public int DistinctPixels(int enough = 1000)
    {
        var seen = new HashSet<uint>();
        for (int i = 0; i < Pixels.Length && seen.Count < enough; i += Channels)
        {
            uint value = 0;
            for (int k = 0; k < Channels; k++)
            {
                value = (value << 8) | Pixels[i + k];
            }

            seen.Add(value);
        }

        return seen.Count;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

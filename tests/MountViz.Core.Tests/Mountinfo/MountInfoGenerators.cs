using System.Globalization;
using System.Text;
using CsCheck;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Tests.Mountinfo;

/// <summary>CsCheck generators of mounts whose fields hold the bytes that are hard to get right.</summary>
internal static class MountInfoGenerators
{
    // Whole sequences that single random bytes rarely hit: multi-byte UTF-8 (including a
    // supplementary char whose UTF-16 low half is in U+DC80..U+DCFF), a literal escape, an
    // encoded surrogate (invalid UTF-8) and a truncated sequence.
    private static readonly byte[][] Tokens =
    [
        Encoding.UTF8.GetBytes("é"),
        Encoding.UTF8.GetBytes("\U0001F480"),
        Encoding.UTF8.GetBytes("\U00010080"),
        Encoding.UTF8.GetBytes("ß„”"),
        Encoding.UTF8.GetBytes(@"\040"),
        Encoding.UTF8.GetBytes(@"\1"),
        [0xED, 0xB2, 0x80],
        [0xF0, 0x9F, 0x92],
        [0xC3],
    ];

    /// <summary>Any byte, weighted toward the ones mountinfo escapes or splits on.</summary>
    public static readonly Gen<byte> AnyByte = Gen.Frequency(
        (6, Gen.Byte[(byte)'a', (byte)'z']),
        (4, Gen.OneOfConst((byte)' ', (byte)'\t', (byte)'\n', (byte)'\\', (byte)'/', (byte)'0', (byte)'4', (byte)'7', (byte)'\r', (byte)'-', (byte)':', (byte)',', (byte)'"', (byte)0)),
        (3, Gen.Byte));

    /// <summary>A path-like field: 1..16 chunks of bytes, anything allowed.</summary>
    public static readonly Gen<string> Path = Bytes(AnyByte, 1, 16);

    /// <summary>A field that may be empty (the source).</summary>
    public static readonly Gen<string> MaybeEmptyPath = Bytes(AnyByte, 0, 16);

    /// <summary>Mount options: not empty, no space or newline (the kernel never prints those there).</summary>
    public static readonly Gen<string> Options = Bytes(AnyByte.Where(b => b is not ((byte)' ' or (byte)'\n')), 1, 12);

    /// <summary>Super options: anything but a newline, spaces included, may be empty.</summary>
    public static readonly Gen<string> SuperOptions = Bytes(AnyByte.Where(b => b != (byte)'\n'), 0, 16);

    /// <summary>A tag that is none of the four the kernel defines.</summary>
    public static readonly Gen<string> UnknownTag = Gen.OneOf(
        Bytes(AnyByte.Where(b => b is not ((byte)' ' or (byte)'\n')), 0, 6).Select(s => "tag" + s),
        Gen.OneOfConst("shared:", "shared:x", "master:-1", "propagate_from:+3", "unbindable2", "shared:99999999999"));

    /// <summary>A whole mount; Shared/Master/PropagateFrom/Unbindable agree with its optional fields.</summary>
    public static readonly Gen<MountInfo> Mount =
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.UInt, Gen.UInt, Path, Path, Options, OptionalFields())
        .SelectMany(head => Gen.Select(Path, MaybeEmptyPath, SuperOptions, (fsType, source, superOptions) =>
        {
            var (id, parentId, major, minor, root, mountPoint, options, optional) = head;
            return new MountInfo
            {
                Id = id,
                ParentId = parentId,
                Major = major,
                Minor = minor,
                Root = root,
                MountPoint = mountPoint,
                MountOptions = options,
                OptionalFields = [.. optional.Tags],
                Shared = optional.Shared,
                Master = optional.Master,
                PropagateFrom = optional.PropagateFrom,
                Unbindable = optional.Unbindable,
                FsType = fsType,
                Source = source,
                SuperOptions = superOptions,
            };
        }));

    /// <summary>The kernel's tags, each at most once, mixed with unknown tags, in random order.</summary>
    private static Gen<(string[] Tags, int? Shared, int? Master, int? PropagateFrom, bool Unbindable)> OptionalFields() =>
        Gen.Select(
            Gen.Int[0, int.MaxValue].Nullable(),
            Gen.Int[0, int.MaxValue].Nullable(),
            Gen.Int[0, int.MaxValue].Nullable(),
            Gen.Bool,
            UnknownTag.Array[0, 3])
        .SelectMany(parts =>
        {
            var (shared, master, propagateFrom, unbindable, unknown) = parts;
            var tags = new List<string>(unknown);
            if (shared is int s)
            {
                tags.Add(string.Create(CultureInfo.InvariantCulture, $"shared:{s}"));
            }

            if (master is int m)
            {
                tags.Add(string.Create(CultureInfo.InvariantCulture, $"master:{m}"));
            }

            if (propagateFrom is int p)
            {
                tags.Add(string.Create(CultureInfo.InvariantCulture, $"propagate_from:{p}"));
            }

            if (unbindable)
            {
                tags.Add("unbindable");
            }

            return Gen.Shuffle(tags.ToArray()).Select(order => (order, shared, master, propagateFrom, unbindable));
        });

    private static Gen<string> Bytes(Gen<byte> single, int minChunks, int maxChunks) =>
        Gen.Frequency(
            (12, single.Select(b => new[] { b })),
            (1, Gen.OneOfConst(Tokens)))
        .Array[minChunks, maxChunks]
        .Select(chunks => MountText.Decode(chunks.SelectMany(c => c).ToArray()));
}

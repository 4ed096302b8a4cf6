using System.Collections.Immutable;
using MountViz.Core.Operations;

namespace MountViz.Web.Components.Dashboard;

/// <summary>
/// Every operation the Operations panel offers as a button, grouped as the toolbar shows them.
/// Each builds the same <see cref="Operation"/> the command language would parse, so the line a
/// form shows is exactly the line that runs.
/// </summary>
public static class OperationFormCatalog
{
    /// <summary>The value of a ticked <see cref="OperationFieldKind.Flag"/>.</summary>
    public const string True = "true";

    private static readonly OperationFormField Target = new("target", "Mount point", OperationFieldKind.Path, "e.g. target1", Required: true);
    private static readonly OperationFormField BindSource = new("source", "Source", OperationFieldKind.Path, "e.g. source1", Required: true) { Hint = "The directory or mount to bind: its subtree appears at the target." };
    private static readonly OperationFormField BindTarget = new("target", "Target", OperationFieldKind.Path, "e.g. target1", Required: true) { Hint = "An existing directory where the source appears." };
    private static readonly OperationFormField Recursive = new("recursive", "Recursive (the mounts below too)", OperationFieldKind.Flag);

    /// <summary>The buttons, in toolbar order.</summary>
    public static ImmutableArray<OperationFormSpec> All { get; } =
    [
        new("mount-tmpfs", "tmpfs", "Mount", "Mount a new tmpfs on a directory.", "mount -t tmpfs [-o OPTIONS] SOURCE DIR",
            [Target, new("source", "Source name", OperationFieldKind.Text, "tmpfs") { Hint = "Names the filesystem in mountinfo; not a path." }, new("options", "Options", OperationFieldKind.Text, "e.g. size=1m,mode=755")])
        {
            Build = v => new MountFilesystemOperation("tmpfs", Or(v, "source", "tmpfs"), Get(v, "target"), Get(v, "options")),
            Prefill = (selection, _) => Values(("target", selection ?? ""), ("source", "tmpfs")),
        },
        new("bind", "bind", "Mount", "Bind a directory or mount onto another directory (mount --bind).", "mount --bind SOURCE TARGET", [BindSource, BindTarget])
        {
            Build = v => new BindMountOperation(Get(v, "source"), Get(v, "target")),
            Prefill = (selection, _) => Values(("source", selection ?? "")),
        },
        new("rbind", "rbind", "Mount", "Bind a mount with every mount below it (mount --rbind).", "mount --rbind SOURCE TARGET", [BindSource, BindTarget])
        {
            Build = v => new BindMountOperation(Get(v, "source"), Get(v, "target"), Recursive: true),
            Prefill = (selection, _) => Values(("source", selection ?? "")),
        },
        new("move", "move", "Mount", "Move a mount to another directory (mount --move); its source must not sit under a shared parent.", "mount --move SOURCE TARGET",
            [BindSource with { Label = "Mount to move", Hint = "A mount point." }, BindTarget with { Label = "New place" }])
        {
            Build = v => new MoveMountOperation(Get(v, "source"), Get(v, "target")),
            Prefill = (selection, _) => Values(("source", selection ?? "")),
        },
        new("remount-ro", "ro", "Remount", "Make a mount read-only (mount -o remount,ro).", "mount -o remount,ro[,bind] DIR",
            [Target, new("bind", "This mount only (bind): not the filesystem's flags", OperationFieldKind.Flag)])
        {
            Build = v => new RemountOperation(Get(v, "target"), MountFlags.ReadOnly, Flag(v, "bind")),
            Prefill = (selection, _) => Values(("target", selection ?? ""), ("bind", True)),
        },
        new("remount-rw", "rw", "Remount", "Make a mount writable again (mount -o remount,rw).", "mount -o remount,rw[,bind] DIR",
            [Target, new("bind", "This mount only (bind): not the filesystem's flags", OperationFieldKind.Flag)])
        {
            Build = v => new RemountOperation(Get(v, "target"), MountFlags.None, Flag(v, "bind")),
            Prefill = (selection, _) => Values(("target", selection ?? ""), ("bind", True)),
        },
        new("umount", "umount", "Unmount", "Unmount a mount; refused (EBUSY) while something is mounted below it or it is in use.", "umount [-R] DIR", [Target, Recursive with { Label = "Recursive (-R): the mounts below first" }])
        {
            Build = v => new UnmountOperation(Get(v, "target"), Recursive: Flag(v, "recursive")),
            Prefill = (selection, _) => Values(("target", selection ?? "")),
        },
        new("umount-lazy", "umount -l", "Unmount", "Detach a mount now, even when busy (MNT_DETACH); it is freed once unused.", "umount -l [-R] DIR", [Target, Recursive with { Label = "Recursive (-R)" }])
        {
            Build = v => new UnmountOperation(Get(v, "target"), Lazy: true, Recursive: Flag(v, "recursive")),
            Prefill = (selection, _) => Values(("target", selection ?? "")),
        },
        Propagation(PropagationType.Shared, "Make a mount shared: it joins a peer group, and mounts and unmounts below it propagate to its peers."),
        Propagation(PropagationType.Private, "Make a mount private: it sends and receives no mount events."),
        Propagation(PropagationType.Slave, "Make a mount a slave of its peer group: it receives events from it and sends none back."),
        Propagation(PropagationType.Unbindable, "Make a mount unbindable: private, and refused as the source of a bind."),
        new("unshare", "unshare", "Namespace", "New namespace: a copy of this one (unshare -m), with a propagation option for its copy of the workspace.",
            "unshare -m --propagation private|shared|slave|unchanged [--from NS] NAME",
            [
                new("name", "Name", OperationFieldKind.Text, "e.g. c1", Required: true) { Hint = NamespaceName.Rule },
                new("propagation", "Propagation", OperationFieldKind.Choice, "private") { Choices = [.. Enum.GetValues<NamespacePropagation>().Select(p => p.ToWord())], Hint = "What the copy's workspace becomes: private isolates it, slave receives, shared sends and receives, unchanged keeps the copy's peers." },
                new("from", "Copy of", OperationFieldKind.Namespace),
            ])
        {
            Build = v => new CreateNamespaceOperation(Get(v, "name"), ParsePropagation(Or(v, "propagation", "private")), From(v)),
            Prefill = (_, ns) => Values(("propagation", "slave"), ("from", ns), ("current", ns)),
        },
        new("pivot-root", "pivot_root", "Namespace", "Make a mount the namespace's root and put the old root below it (pivot_root); the old root is then detached.", "pivot_root NEW_ROOT PUT_OLD",
            [
                new("newroot", "New root", OperationFieldKind.Path, "e.g. newroot", Required: true) { Hint = "A mount point, not the current root." },
                new("putold", "Put old root at", OperationFieldKind.Path, "e.g. newroot/old", Required: true) { Hint = "An existing directory at or under the new root." },
            ])
        {
            Build = v => new PivotRootOperation(Get(v, "newroot"), Get(v, "putold")),
            Prefill = (selection, _) => selection is null ? Values() : Values(("newroot", selection), ("putold", Child(selection, "old"))),
        },
        new("mkdir", "mkdir", "Files", "Create a directory.", "mkdir [-p] DIR",
            [new("path", "Directory", OperationFieldKind.Path, "e.g. source1", Required: true), new("parents", "With its parents (-p)", OperationFieldKind.Flag)])
        {
            Build = v => new MakeDirectoryOperation([Get(v, "path")], Flag(v, "parents")),
            Prefill = (selection, _) => Values(("path", selection is null ? "" : Child(selection, "")), ("parents", True)),
        },
        new("write-file", "write file", "Files", "Write a line of text to a file (echo TEXT > FILE).", "echo TEXT > FILE",
            [
                new("file", "File", OperationFieldKind.Path, "e.g. source1/a", Required: true),
                new("text", "Text", OperationFieldKind.Text, "e.g. hello", Required: true),
                new("append", "Append (>>)", OperationFieldKind.Flag),
            ])
        {
            Build = v => new WriteFileOperation(Get(v, "file"), Get(v, "text"), Append: Flag(v, "append")),
            Prefill = (selection, _) => Values(("file", selection is null ? "" : Child(selection, ""))),
        },
    ];

    /// <summary>The groups, in toolbar order.</summary>
    public static ImmutableArray<string> Groups { get; } = [.. All.Select(s => s.Group).Distinct()];

    /// <summary>The spec with this <c>data-op</c> ID, or null.</summary>
    public static OperationFormSpec? Find(string id) => All.FirstOrDefault(s => s.Id == id);

    /// <summary>The line a form's values make, or why there is none yet.</summary>
    /// <returns>The command line when <paramref name="error"/> is null.</returns>
    public static string? TryBuild(OperationFormSpec spec, IReadOnlyDictionary<string, string> values, out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(values);
        string[] missing = [.. spec.Fields.Where(f => f.Required && Get(values, f.Name).Trim().Length == 0).Select(f => f.Label.ToLowerInvariant())];
        if (missing.Length > 0)
        {
            error = $"Fill in: {string.Join(", ", missing)}.";
            return null;
        }

        try
        {
            error = null;
            return spec.Build(values).ShellCommand;
        }
        catch (ArgumentException e)
        {
            // The operation's own check, in its words ("must be letters, digits..."), minus the parameter suffix.
            error = e.Message.Split(" (Parameter '", 2)[0];
            return null;
        }
    }

    /// <summary><c>DIR/NAME</c>, or <c>DIR/</c> for an empty name, without doubling a slash.</summary>
    public static string Child(string dir, string name)
    {
        ArgumentNullException.ThrowIfNull(dir);
        return dir.TrimEnd('/') + "/" + name;
    }

    private static OperationFormSpec Propagation(PropagationType type, string description)
    {
        string word = type.ToWord();
        return new OperationFormSpec($"make-{word}", word, "Propagation", description, $"mount --make-[r]{word} DIR", [Target, Recursive with { Label = $"Recursive (--make-r{word}): the mounts below too" }])
        {
            Build = v => new ChangePropagationOperation(Get(v, "target"), type, Flag(v, "recursive")),
            Prefill = (selection, _) => Values(("target", selection ?? "")),
        };
    }

    private static ImmutableDictionary<string, string> Values(params (string Key, string Value)[] values) =>
        values.ToImmutableDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);

    private static string Get(IReadOnlyDictionary<string, string> values, string name) =>
        values.TryGetValue(name, out string? value) ? value : "";

    private static string Or(IReadOnlyDictionary<string, string> values, string name, string fallback) =>
        Get(values, name).Trim() is { Length: > 0 } value ? value : fallback;

    private static bool Flag(IReadOnlyDictionary<string, string> values, string name) => Get(values, name) == True;

    private static NamespacePropagation ParsePropagation(string word) =>
        NamespacePropagationNames.TryParse(word, out NamespacePropagation propagation)
            ? propagation
            : throw new ArgumentException($"'{word}' is not a propagation option: private, shared, slave or unchanged.");

    // --from only when the copy is of another namespace than the one the line runs in.
    private static string? From(IReadOnlyDictionary<string, string> values) =>
        Get(values, "from") is { Length: > 0 } from && from != Get(values, "current") ? from : null;
}

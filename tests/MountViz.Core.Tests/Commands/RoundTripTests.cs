using CsCheck;
using MountViz.Core.Commands;
using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>For every operation, parsing its shell command gives back an equal operation.</summary>
public sealed class RoundTripTests
{
    // Plain characters, and every character a shell treats specially somewhere.
    private static readonly Gen<char> AnyChar = Gen.OneOf(
        Gen.Char["abcxyz019_.-/"],
        Gen.Char["abcxyz019_.-/"],
        Gen.Char[" '\"\\$`*?[]{}~#!;&|<>()\n\té=@%+^"],
        Gen.Char['\uDC80', '\uDCFF']);

    private static readonly Gen<string> Word = AnyChar.Array[1, 10].Select(c => new string(c));

    private static readonly Gen<string> LabPathGen = Gen.Select(Gen.Int[0, 2], Word, (kind, word) => kind switch
    {
        0 => "/" + word,
        1 => word,
        _ => "../" + word,
    });

    private static readonly Gen<PathList> PathListGen = LabPathGen.Array[1, 4].Select(p => new PathList(p));

    private static readonly Gen<string> NameGen = Gen.Select(
        Gen.Char["abcz09"],
        Gen.Char["abcz09._-"].Array[0, 8],
        (first, rest) => first + new string(rest));

    // Overlay layers cannot contain ',' or ':', which separate options and layers.
    private static readonly Gen<string> LayerGen = LabPathGen.Where(p => !p.Contains(',', StringComparison.Ordinal) && !p.Contains(':', StringComparison.Ordinal));

    private static readonly Gen<string> DataOptionGen = Gen.OneOf(
        Gen.OneOfConst("size=1m", "mode=0755", "nr_inodes=10", "uid=0", "x-note"),
        Word.Where(w => !w.Contains(',', StringComparison.Ordinal))
            .Where(w => !MountOptions.IsOperationKeyword(w) && !MountOptions.TryGetFlag(w, out _, out _)));

    private static readonly Gen<string> NewMountOptionGen = Gen.OneOf(
        DataOptionGen,
        Gen.OneOfConst(MountOptions.GenericNames.ToArray()));

    private static readonly Gen<Operation> OperationGen = Gen.OneOf<Operation>(
        Gen.Select(PathListGen, Gen.Bool, (dirs, parents) => (Operation)new MakeDirectoryOperation(dirs, parents)),
        PathListGen.Select(files => (Operation)new CreateFileOperation(files)),
        Gen.Select(LabPathGen, Gen.OneOf(Gen.Const(""), Word), Gen.Bool, Gen.Bool, (file, text, newline, append) =>
            WriteFileOperation.IsEchoOption(text) ? new WriteFileOperation(file, "x" + text, newline, append) : (Operation)new WriteFileOperation(file, text, newline, append)),
        PathListGen.Select(dirs => (Operation)new RemoveDirectoryOperation(dirs)),
        Gen.Select(
            Gen.OneOfConst("tmpfs", "ramfs", "proc", "ext4", "fuse.sshfs"),
            Word,
            LabPathGen,
            NewMountOptionGen.Array[0, 4],
            (type, source, target, options) => (Operation)new MountFilesystemOperation(type, source, target, string.Join(',', options))),
        Gen.Select(LayerGen.Array[1, 3], LayerGen, LayerGen, LabPathGen, Gen.Bool, (lower, upper, work, target, writable) =>
            (Operation)MountFilesystemOperation.Overlay(lower, writable ? upper : null, writable ? work : null, target)),
        Gen.Select(LabPathGen, LabPathGen, Gen.Bool, (source, target, recursive) => (Operation)new BindMountOperation(source, target, recursive)),
        Gen.Select(LabPathGen, LabPathGen, (source, target) => (Operation)new MoveMountOperation(source, target)),
        Gen.Select(
            LabPathGen,
            Gen.Int[0, 15],
            Gen.Bool,
            DataOptionGen.Array[0, 2],
            (target, bits, bind, data) =>
                (Operation)new RemountOperation(target, (MountFlags)bits & MountOptions.RemountAttributes, bind, bind ? "" : string.Join(',', data))),
        Gen.Select(LabPathGen, Gen.Enum<PropagationType>(), Gen.Bool, (target, type, recursive) => (Operation)new ChangePropagationOperation(target, type, recursive)),
        Gen.Select(LabPathGen, Gen.Bool, Gen.Bool, (target, lazy, recursive) => (Operation)new UnmountOperation(target, lazy, recursive)),
        Gen.Select(NameGen, Gen.Enum<NamespacePropagation>(), Gen.Bool, NameGen, (name, propagation, hasFrom, from) =>
            (Operation)new CreateNamespaceOperation(name, propagation, hasFrom ? from : null)),
        NameGen.Select(name => (Operation)new DeleteNamespaceOperation(name)),
        Gen.Select(LabPathGen, LabPathGen, (newRoot, putOld) => (Operation)new PivotRootOperation(newRoot, putOld)),
        LabPathGen.Where(p => p != "-").Select(path => (Operation)new ChangeDirectoryOperation(path)));

    [Fact]
    public void Every_generated_operation_reads_back_from_its_shell_command()
    {
        OperationGen.Sample(
            operation =>
            {
                CommandParseResult result = CommandParser.Parse(operation.ShellCommand, "/lab/cwd");
                Assert.True(result.Success, $"{operation.ShellCommand}\n{result.Error?.Render(operation.ShellCommand)}\n{result.Error}");
                Assert.Equal(operation, result.Operation);
                Assert.Equal(operation.Resolve("/lab/cwd"), result.Resolved);
                Assert.Equal(operation.ShellCommand, result.Operation.ShellCommand);
                Assert.Equal(operation.Syscalls, result.Operation.Syscalls);
            },
            iter: 20_000,
            print: o => o.ShellCommand);
    }

    [Fact]
    public void The_generator_makes_every_kind_of_operation_with_awkward_paths()
    {
        var operations = new List<Operation>();
        OperationGen.Sample(operations.Add, iter: 3_000, threads: 1);

        Assert.Equal(14, operations.Select(o => o.GetType()).Distinct().Count());
        Assert.Contains(operations, o => o.ShellCommand.Contains(" -- ", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.ShellCommand.Contains("'\\''", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.Paths.Any(p => p.Contains('\n', StringComparison.Ordinal)));
        Assert.Contains(operations, o => o is MountFilesystemOperation { Data: not null, Flags: not MountFlags.None });
        Assert.Contains(operations, o => o is RemountOperation { Bind: false, Data.Length: > 0 });
    }

    [Fact]
    public void Every_generated_word_reads_back_from_its_quoted_form()
    {
        Gen.OneOf(Word, Gen.String, Gen.Const("")).Where(w => !w.Contains('\0', StringComparison.Ordinal)).Sample(
            word =>
            {
                Assert.True(ShellTokenizer.TryTokenize("mkdir -- " + ShellQuote.Quote(word), out var tokens, out var error), error?.ToString());
                Assert.Equal(word, tokens[^1].Text);
                Assert.Equal(3, tokens.Count);
            },
            iter: 20_000);
    }

    [Fact]
    public void Resolved_operations_have_only_absolute_normalised_paths()
    {
        OperationGen.Sample(
            operation =>
            {
                Operation resolved = operation.Resolve("/a/b");
                Assert.Equal(operation.GetType(), resolved.GetType());
                Assert.Equal(operation.Paths.Count, resolved.Paths.Count);
                Assert.All(resolved.Paths, p => Assert.Equal(LabPath.Resolve(p, "/"), p));
                Assert.Equal(resolved, resolved.Resolve("/elsewhere"));
            },
            iter: 5_000,
            print: o => o.ShellCommand);
    }
}

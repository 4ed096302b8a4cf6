using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using MountViz.Core.Commands;
using MountViz.Core.Operations;

namespace MountViz.Core.Tests.Commands;

/// <summary>
/// The command lines of the 55 test vectors in ../shared/docs/mount-propagation.md, translated
/// as issue 3 says ($S is the workspace root, <c>t SRC DIR</c> a tmpfs mount, <c>spawn</c> a
/// lab namespace, <c>inns</c> a command in one), all parse; the ones that need helpers outside
/// the command language ($SC, $NA, $CP, bg, user namespaces) are the only ones left out.
/// </summary>
public sealed partial class PropagationNotesCommandsTests
{
    [Fact]
    public void Every_vector_line_in_the_command_language_parses()
    {
        var lines = VectorLines();
        var translated = lines.Select(Translate).Where(l => l is not null).Select(l => l!).ToList();

        Assert.True(lines.Count > 300, $"only {lines.Count} lines found in the vectors");
        Assert.True(translated.Count > 250, $"only {translated.Count} lines are in the command language");
        Assert.All(translated, line =>
        {
            CommandParseResult result = CommandParser.Parse(line);
            Assert.True(result.Success, $"{line}: {result.Error}");
            Assert.Equal(line, result.Operation.ShellCommand.Replace("unshare -m --propagation private ", "unshare -m ", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("mount --bind $S/A/sub $S/D/B")]
    [InlineData("t srcA $S/A")]
    [InlineData("mount --make-slave $S/DS")]
    [InlineData("spawn c1 -m --propagation slave")]
    [InlineData("inns c1 umount $S/shr/p1")]
    public void Translates_the_notes_helpers_into_commands(string vectorLine)
    {
        Operation expected = vectorLine switch
        {
            "mount --bind $S/A/sub $S/D/B" => new BindMountOperation("/A/sub", "/D/B"),
            "t srcA $S/A" => MountFilesystemOperation.Tmpfs("srcA", "/A"),
            "mount --make-slave $S/DS" => new ChangePropagationOperation("/DS", PropagationType.Slave),
            "spawn c1 -m --propagation slave" => new CreateNamespaceOperation("c1", NamespacePropagation.Slave),
            _ => new UnmountOperation("/shr/p1"),
        };

        Assert.Equal(expected, CommandParser.Parse(Translate(vectorLine)!).Operation);
    }

    [Fact]
    public void The_raw_notation_is_refused_with_a_hint_to_drop_the_variable()
    {
        CommandError error = CommandParser.Parse("mount --bind $S/A/sub $S/D/B").Error!;

        Assert.Contains("write /A where the propagation notes write $S/A", error.Message, StringComparison.Ordinal);
    }

    // null: the line needs something the command language does not offer.
    private static string? Translate(string line)
    {
        if (line.Contains("$SC", StringComparison.Ordinal) || line.Contains("$NA", StringComparison.Ordinal)
            || line.Contains("$CP", StringComparison.Ordinal) || line.StartsWith("bg ", StringComparison.Ordinal)
            || line.StartsWith("pid=", StringComparison.Ordinal) || line.Contains(" -U", StringComparison.Ordinal))
        {
            return null;
        }

        string text = SPath().Replace(line, m => m.Groups[1].Value.Length == 0 ? "/" : m.Groups[1].Value);
        string[] words = text.Split(' ');
        return words[0] switch
        {
            "t" => $"mount -t tmpfs {words[1]} {words[2]}",
            "spawn" => $"unshare {string.Join(' ', words[2..])} {words[1]}",
            "inns" => string.Join(' ', words[2..]),
            _ => text,
        };
    }

    private static List<string> VectorLines()
    {
        string notes = File.ReadAllText(NotesPath());
        var lines = new List<string>();
        foreach (Match block in JsonBlock().Matches(notes))
        {
            using JsonDocument vector = JsonDocument.Parse(block.Groups[1].Value);
            if (vector.RootElement.TryGetProperty("setup", out JsonElement setup))
            {
                lines.AddRange(setup.EnumerateArray().Select(l => l.GetString()!));
            }

            lines.Add(vector.RootElement.GetProperty("op").GetString()!);
        }

        return lines;
    }

    private static string NotesPath([CallerFilePath] string source = "")
    {
        for (DirectoryInfo? dir = new FileInfo(source).Directory; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "..", "shared", "docs", "mount-propagation.md");
            if (File.Exists(Path.Combine(dir.FullName, "MountViz.sln")))
            {
                return File.Exists(candidate)
                    ? candidate
                    : throw new FileNotFoundException($"The propagation notes are not beside the clone at {Path.GetFullPath(candidate)}; put the shared/ directory there, as CI does.");
            }
        }

        throw new FileNotFoundException($"No MountViz.sln above {source}.");
    }

    [GeneratedRegex(@"```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"\$S(/[^ ]*)?")]
    private static partial Regex SPath();
}

using System.Globalization;
using System.Text.RegularExpressions;
using MountViz.Core.Commands;
using MountViz.Core.Operations;

namespace MountViz.Linux.Tests.Vectors;

/// <summary>The loader and the translator: vectors in, command-language steps out.</summary>
public sealed partial class VectorTranslatorTests
{
    public static TheoryData<string> AllIds => [.. VectorDocument.Vectors.Select(v => v.Id)];

    [Fact]
    public void The_document_yields_every_vector_block_with_its_fields()
    {
        IReadOnlyList<PropagationVector> vectors = VectorDocument.Vectors;

        // Every ```json block of §6 that holds a vector (some vectors are kept out of this copy).
        string markdown = File.ReadAllText(VectorDocument.DocumentPath);
        Assert.Equal(Regex.Count(markdown, "```json\n\\{\n  \"id\": \"V"), vectors.Count);
        Assert.True(vectors.Count >= 55, $"{vectors.Count} vectors");
        Assert.Equal(vectors.Count, vectors.Select(v => v.Id).Distinct().Count());

        PropagationVector v01 = vectors[0];
        Assert.Equal("V01", v01.Id);
        Assert.Equal("bind A/sub -> D/B, source A shared, destination parent D shared", v01.Title);
        Assert.Equal(["R-BIND", "R-RECV"], v01.Rules);
        Assert.Equal(10, v01.Setup.Count);
        Assert.Equal("mount --bind $S/A/sub $S/D/B", v01.Op);
        Assert.True(v01.Expect.Succeeds);
        VectorMountPattern first = v01.Expect.Namespaces["ns0"].Added[0];
        Assert.Equal(new VectorMountPattern("/D/B", "srcA", "shared:G(/A)", "/sub", "/D", null), first);

        PropagationVector v68 = VectorDocument.Find("V68");
        Assert.False(v68.Expect.Succeeds);
        Assert.Equal("ELOOP", v68.Expect.Errno);
        Assert.Empty(v68.Expect.Namespaces);
        Assert.StartsWith("sharedsubtree.rst 5g", VectorDocument.Find("V25").Note, StringComparison.Ordinal);
        Assert.Equal("/Q/a", VectorDocument.Find("V61").Expect.Namespaces["ns0"].Changed[0].From);
    }

    [Fact]
    public void The_loader_rejects_what_breaks_the_schema()
    {
        const string good = "{\"id\": \"X1\", \"op\": \"true\", \"expect\": {\"rc\": 0}}";
        Assert.Single(VectorDocument.ParseMarkdown($"text\n```json\n{good}\n```\n```json\n[1, 2]\n```\n", "t.md"));

        Assert.Contains("\"rc\": 2", Assert.Throws<FormatException>(() => VectorDocument.ParseMarkdown("```json\n{\"id\": \"X1\", \"op\": \"x\", \"expect\": {\"rc\": 2}}\n```", "t.md")).Message, StringComparison.Ordinal);
        Assert.Contains("\"size\"", Assert.Throws<FormatException>(() => VectorDocument.ParseMarkdown("```json\n{\"id\": \"X1\", \"op\": \"x\", \"expect\": {\"ns\": {\"ns0\": {\"added\": [{\"size\": \"1\"}]}}}}\n```", "t.md")).Message, StringComparison.Ordinal);
        Assert.Contains("appears 2 times", Assert.Throws<FormatException>(() => VectorDocument.ParseMarkdown($"```json\n{good}\n```\n```json\n{good}\n```", "t.md")).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<FormatException>(() => VectorDocument.ParseMarkdown("```json\n{\"id\": \n```", "t.md")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mutants_load()
    {
        Assert.True(VectorDocument.Mutants.Count >= 9, $"{VectorDocument.Mutants.Count} mutants");
        Assert.All(VectorDocument.Mutants, m => Assert.EndsWith("x", m.Id, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Every_translated_step_is_a_command_the_language_accepts(string id)
    {
        TranslatedVector translated = VectorTranslator.Translate(VectorDocument.Find(id));
        if (!translated.Executable)
        {
            Assert.False(string.IsNullOrWhiteSpace(translated.SkipReason));
            return;
        }

        Assert.Equal(VectorTranslator.Prelude, translated.Setup[0]);
        foreach (LabStep step in translated.Setup.Append(translated.Op))
        {
            CommandParseResult parsed = CommandParser.Parse(step.Command);
            Assert.True(parsed.Success, $"{id}: `{step.Command}` (from `{step.Line}`) does not parse: {parsed.Error?.Message}");
            Assert.DoesNotContain("$", step.Command, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Plain_lines_map_S_to_the_workspace_root()
    {
        TranslatedVector v01 = VectorTranslator.Translate(VectorDocument.Find("V01"));

        Assert.True(v01.Executable);
        Assert.Equal(
            [
                "[base] mount --make-private /",
                "[base] mkdir -p /A /AM /D /DP /DS",
                "[base] mount -t tmpfs srcA /A",
                "[base] mkdir -p /A/sub/x /A/sub/y /A/sub/z",
                "[base] mount -t tmpfs dstD /D",
                "[base] mkdir -p /D/B",
                "[base] mount --make-shared /A",
                "[base] mount --make-shared /D",
                "[base] mount --bind /D /DP",
                "[base] mount --bind /D /DS",
                "[base] mount --make-slave /DS",
            ],
            v01.Setup.Select(s => s.ToString()));
        Assert.Equal("[base] mount --bind /A/sub /D/B", v01.Op.ToString());
        Assert.Empty(v01.Unobserved);
    }

    [Fact]
    public void Spawn_clones_base_and_inns_runs_in_the_clone()
    {
        TranslatedVector v20 = VectorTranslator.Translate(VectorDocument.Find("V20"));
        Assert.Equal("[base] unshare -m --propagation unchanged c1", v20.Setup[^2].ToString());
        Assert.Equal("[c1] mount --make-slave /shr", v20.Setup[^1].ToString());

        // unshare(1) without --propagation makes the copy private.
        Assert.Equal("[base] unshare -m --propagation private c1", VectorTranslator.Translate(VectorDocument.Find("V22")).Op!.ToString());

        TranslatedVector v56 = VectorTranslator.Translate(VectorDocument.Find("V56"));
        Assert.Contains("[base] unshare -m --propagation slave c2", v56.Setup.Select(s => s.ToString()));
        Assert.Equal("[c1] umount /shr/p1", v56.Op!.ToString());
    }

    [Theory]
    [InlineData("V41", "mount --make-shared /A/sub", "mount(NULL, \"/A/sub\", NULL, MS_SHARED, NULL)")]
    [InlineData("V43", "mount --rbind /T/b /R", "mount(\"/T/b\", \"/R\", NULL, MS_BIND|MS_REC, NULL)")]
    [InlineData("V65", "mount --move /Q/a /P/in1", "mount(\"/Q/a\", \"/P/in1\", NULL, MS_MOVE, NULL)")]
    [InlineData("V67", "mount --move /Q/a /P/in1", "mount(\"/Q/a\", \"/P/in1\", NULL, MS_MOVE, NULL)")]
    [InlineData("V68", "mount --move /Q/a /Q/a/inner", "mount(\"/Q/a\", \"/Q/a/inner\", NULL, MS_MOVE, NULL)")]
    public void A_raw_mount_call_becomes_the_command_that_makes_the_same_call(string id, string command, string syscall)
    {
        TranslatedVector translated = VectorTranslator.Translate(VectorDocument.Find(id));

        Assert.True(translated.Executable, translated.SkipReason);
        Assert.Equal(command, translated.Op.Command);
        Operation operation = CommandParser.Parse(command).Operation!;
        Assert.Equal([syscall], operation.Syscalls);
        Assert.Equal(translated.Vector.Expect.Errno, translated.Expect.Errno);
        Assert.False(translated.Expect.Succeeds);
    }

    [Fact]
    public void The_raw_flag_names_have_the_values_sc_py_gives_them()
    {
        string sc = File.ReadAllText(VectorDocument.SharedFile("propagation-lab", "sc.py"));
        Match table = FlagTable().Match(sc);
        Assert.True(table.Success, "sc.py has no F = dict(...) line.");
        var values = new Dictionary<string, long>();
        foreach (Match entry in FlagEntry().Matches(table.Groups[1].Value))
        {
            long value = long.Parse(entry.Groups[2].Value, CultureInfo.InvariantCulture);
            values[entry.Groups[1].Value] = entry.Groups[3].Success ? value << int.Parse(entry.Groups[3].Value, CultureInfo.InvariantCulture) : value;
        }

        Assert.Equal(values.Keys.Order(), VectorTranslator.RawFlagValues.Keys.Order());
        Assert.All(values, v => Assert.Equal(v.Value, (long)VectorTranslator.RawFlagValues[v.Key]));
    }

    [Fact]
    public void A_nested_pivot_root_runs_in_an_unobserved_clone_made_before_the_snapshot()
    {
        TranslatedVector v74 = VectorTranslator.Translate(VectorDocument.Find("V74"));
        Assert.True(v74.Executable, v74.SkipReason);
        Assert.Equal("[base] unshare -m --propagation unchanged nested1", v74.Setup[^1].ToString());
        Assert.Equal("[nested1] pivot_root /nr /nr/old", v74.Op.ToString());
        Assert.Equal(["nested1"], v74.Unobserved);
        Assert.True(v74.Setup[^1].MakesUnobservedNamespace);
        Assert.DoesNotContain(v74.Setup.SkipLast(1), s => s.MakesUnobservedNamespace);

        // output_contains errno=0 is the call's success.
        Assert.True(v74.Expect.Succeeds);
        Assert.Empty(v74.Expect.OutputContains);

        TranslatedVector v76 = VectorTranslator.Translate(VectorDocument.Find("V76"));
        Assert.False(v76.Expect!.Succeeds);
        Assert.Equal("EINVAL", v76.Expect.Errno);
    }

    [Theory]
    [InlineData("V26", "user namespace")]
    [InlineData("V28", "user namespace")]
    [InlineData("V29", "user namespace")]
    [InlineData("V52", "keeps a directory busy")]
    [InlineData("V53", "keeps a directory busy")]
    [InlineData("V77", "chroot_pause")]
    [InlineData("V79", "new mount API")]
    [InlineData("V82", "new mount API")]
    public void What_the_language_cannot_express_is_skipped_with_the_reason(string id, string reason)
    {
        TranslatedVector translated = VectorTranslator.Translate(VectorDocument.Find(id));

        Assert.False(translated.Executable);
        Assert.Contains(reason, translated.SkipReason, StringComparison.Ordinal);
        Assert.Null(translated.Op);
    }

    [Fact]
    public void Shell_constructs_and_unknown_helpers_are_skipped_not_guessed()
    {
        static string? Reason(string op) => VectorTranslator.Translate(
            new PropagationVector("X1", "t", [], [], op, new VectorExpectation(true, null, [], new Dictionary<string, NamespaceExpectation>()), null)).SkipReason;

        Assert.Contains("shell construct", Reason("mkdir $S/a && mount --bind $S/a $S/b"), StringComparison.Ordinal);
        Assert.Contains("shell variable", Reason("mount --bind $NSDIR $S/b"), StringComparison.Ordinal);
        Assert.Contains("not one of the helpers", Reason("findmnt"), StringComparison.Ordinal);
        Assert.Contains("not one command-language operation", Reason("python3 $SC mount $S/a $S/b BIND MOVE"), StringComparison.Ordinal);
        Assert.Contains("user namespace", Reason("spawn u1 -U -m"), StringComparison.Ordinal);
        Assert.Contains("runs no command", Reason("spawn c9 -m sleep"), StringComparison.Ordinal);
        Assert.Null(Reason("python3 $SC umount $S/e1/d DETACH"));
        Assert.Equal("umount -l /e1/d", VectorTranslator.Translate(
            new PropagationVector("X2", "t", [], [], "python3 $SC umount $S/e1/d DETACH", new VectorExpectation(true, null, [], new Dictionary<string, NamespaceExpectation>()), null)).Op!.Command);
    }

    [GeneratedRegex(@"F = dict\(([^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex FlagTable();

    [GeneratedRegex(@"(\w+)=(\d+)(?:\s*<<\s*(\d+))?", RegexOptions.CultureInvariant)]
    private static partial Regex FlagEntry();
}

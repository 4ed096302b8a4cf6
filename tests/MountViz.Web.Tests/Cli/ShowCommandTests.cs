using System.Text.Json;
using MountViz.Web.Tests.TestSupport;

namespace MountViz.Web.Tests.Cli;

public class ShowCommandTests
{
    [Fact]
    public void Tree_of_a_file_is_printed_with_propagation_and_diagnostics_go_to_stderr()
    {
        string path = SampleMountinfo.WriteTemp(SampleMountinfo.Text);
        try
        {
            CliRun run = CliRun.Invoke("show", "--file", path);

            Assert.Equal(0, run.ExitCode);
            string[] lines = run.Output.Split(Environment.NewLine);
            Assert.StartsWith("TARGET ", lines[0], StringComparison.Ordinal);
            Assert.Contains("PROPAGATION", lines[0], StringComparison.Ordinal);
            Assert.Contains(lines, l => l.StartsWith("|-/mnt ", StringComparison.Ordinal) && l.Contains(" shared:3,master:1 ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("| |-/mnt/a (hidden) ", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("`-/data ", StringComparison.Ordinal) && l.Contains("/dev/sda1[/srv/data]", StringComparison.Ordinal) && l.Contains(" unbindable ", StringComparison.Ordinal));
            Assert.DoesNotContain("garbage", run.Output, StringComparison.Ordinal);
            Assert.Contains($"mountviz: warning: {path}: line 8 (byte ", run.Error, StringComparison.Ordinal);
            Assert.Contains("8 1 garbage", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Table_format_lists_ids_and_parents_in_file_order()
    {
        CliRun run = CliRun.Invoke("show", "--file", RepositoryPaths.Fixture("util-linux-mountinfo-messy.txt"), "--format", "table");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Error);
        string[] lines = run.Output.TrimEnd().Split(Environment.NewLine);
        Assert.StartsWith("ID  PARENT TARGET ", lines[0], StringComparison.Ordinal);
        Assert.Equal(30, lines.Length);
        Assert.StartsWith("220 189    / ", lines[1], StringComparison.Ordinal);
        Assert.Contains("shared:57,master:4", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_exactly_mounts_and_diagnostics_in_camel_case()
    {
        string path = SampleMountinfo.WriteTemp(SampleMountinfo.Text);
        try
        {
            CliRun run = CliRun.Invoke("show", "--file", path, "--format", "json");

            Assert.Equal(0, run.ExitCode);
            Assert.Empty(run.Error);
            using JsonDocument json = JsonDocument.Parse(run.Output);
            Assert.Equal(["mounts", "diagnostics"], json.RootElement.EnumerateObject().Select(p => p.Name));

            JsonElement[] mounts = [.. json.RootElement.GetProperty("mounts").EnumerateArray()];
            Assert.Equal(7, mounts.Length);
            string[] names =
            [
                "id", "parentId", "major", "minor", "root", "mountPoint", "mountOptions", "optionalFields",
                "shared", "master", "propagateFrom", "unbindable", "propagation", "fsType", "source", "superOptions", "hidden",
            ];
            Assert.All(mounts, m => Assert.Equal(names.Order(StringComparer.Ordinal), m.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));

            JsonElement mnt = mounts[2];
            Assert.Equal(3, mnt.GetProperty("id").GetInt32());
            Assert.Equal(1, mnt.GetProperty("parentId").GetInt32());
            Assert.Equal(0u, mnt.GetProperty("major").GetUInt32());
            Assert.Equal(20u, mnt.GetProperty("minor").GetUInt32());
            Assert.Equal("/mnt", mnt.GetProperty("mountPoint").GetString());
            Assert.Equal(["shared:3", "master:1"], mnt.GetProperty("optionalFields").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(3, mnt.GetProperty("shared").GetInt32());
            Assert.Equal(1, mnt.GetProperty("master").GetInt32());
            Assert.Equal(JsonValueKind.Null, mnt.GetProperty("propagateFrom").ValueKind);
            Assert.Equal("shared+slave", mnt.GetProperty("propagation").GetString());
            Assert.False(mnt.GetProperty("unbindable").GetBoolean());

            Assert.True(mounts[3].GetProperty("hidden").GetBoolean());
            Assert.False(mounts[4].GetProperty("hidden").GetBoolean());
            Assert.Equal("/srv/data", mounts[5].GetProperty("root").GetString());
            Assert.True(mounts[5].GetProperty("unbindable").GetBoolean());
            Assert.Equal("unbindable", mounts[5].GetProperty("propagation").GetString());
            Assert.Equal(JsonValueKind.Null, mounts[5].GetProperty("shared").ValueKind);

            JsonElement diagnostic = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
            Assert.Equal(8, diagnostic.GetProperty("line").GetInt32());
            Assert.Equal("8 1 garbage", diagnostic.GetProperty("text").GetString());
            Assert.True(diagnostic.GetProperty("byteOffset").GetInt64() > 0);
            Assert.False(string.IsNullOrEmpty(diagnostic.GetProperty("message").GetString()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_writes_bytes_that_are_not_utf8_as_octal_escapes()
    {
        byte[] bytes = [.. "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:20 / /mnt/caf"u8, 0xE9, .. " rw - tmpfs tmpfs rw\n"u8];
        string path = SampleMountinfo.WriteTemp(bytes);
        try
        {
            CliRun run = CliRun.Invoke("show", "--file", path, "--format", "json");

            using JsonDocument json = JsonDocument.Parse(run.Output);
            Assert.Equal("/mnt/caf\\351", json.RootElement.GetProperty("mounts")[1].GetProperty("mountPoint").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Default_shows_this_process_namespace_as_a_tree()
    {
        CliRun run = CliRun.Invoke("show");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("TARGET ", run.Output, StringComparison.Ordinal);
        Assert.Contains(Environment.NewLine + "/ ", run.Output, StringComparison.Ordinal);
        Assert.Contains("/proc", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pid_of_this_process_reads_its_namespace()
    {
        CliRun run = CliRun.Invoke("show", "--pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        Assert.Contains(json.RootElement.GetProperty("mounts").EnumerateArray(), m => m.GetProperty("mountPoint").GetString() == "/proc");
    }

    [Fact]
    public void Missing_file_exits_2_with_what_why_and_what_to_do()
    {
        string path = Path.Combine(Path.GetTempPath(), $"mvz-web-missing-{Guid.NewGuid():N}", "mountinfo");

        CliRun run = CliRun.Invoke("show", "--file", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Equal($"mountviz: cannot read {path}: no such file. Check the path, or leave out --file to read this process's own mount table.", run.Error.TrimEnd());
    }

    [Fact]
    public void Directory_given_as_file_exits_2_and_says_so()
    {
        CliRun run = CliRun.Invoke("show", "--file", Path.GetTempPath());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("it is a directory", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nonexistent_pid_exits_2_with_a_clear_message()
    {
        // Above the kernel's PID limit (pid_max is at most 2^22), so no process can have it.
        const int pid = 2_000_000_000;

        CliRun run = CliRun.Invoke("show", "--pid", "2000000000");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains($"cannot read the mount table of process {pid}: no such process (/proc/{pid}/mountinfo does not exist)", run.Error, StringComparison.Ordinal);
        Assert.Contains("ps -p", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pid_and_file_together_are_a_usage_error()
    {
        CliRun run = CliRun.Invoke("show", "--pid", "1", "--file", "/proc/1/mountinfo");

        Assert.NotEqual(0, run.ExitCode);
        Assert.NotEqual(2, run.ExitCode);
        Assert.DoesNotContain(run.Output.Split(Environment.NewLine), l => l.StartsWith("TARGET", StringComparison.Ordinal));
        Assert.Contains("--pid and --file cannot be used together", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Pid_must_be_positive(string pid)
    {
        CliRun run = CliRun.Invoke("show", "--pid", pid);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--pid must be a process ID greater than 0", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_format_is_a_usage_error()
    {
        CliRun run = CliRun.Invoke("show", "--format", "yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("yaml", run.Error, StringComparison.Ordinal);
    }
}

using System.Text;
using MountViz.Core.Model;
using MountViz.Core.Simulation;

namespace MountViz.Core.Tests.Simulation;

/// <summary>"Why not?" on hand-written tables: the chain, the first rule that stops an event, and fixes checked by simulation.</summary>
public sealed class WhyNotTests
{
    private static MountTable Table(string text) => MountTable.Parse(Encoding.UTF8.GetBytes(text));

    // A host whose / is shared (systemd) and whose kubelet directory is its own mount; a pod's
    // namespace with its own root and a copy of that mount.
    private static Dictionary<string, MountTable> Kubelet(string hostKubelet, string podKubelet) => new(StringComparer.Ordinal)
    {
        ["host"] = Table($"1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n20 1 8:2 / /var/lib/kubelet rw {hostKubelet}- ext4 /dev/sdb1 rw\n"),
        ["pod"] = Table($"100 99 0:60 / / rw - overlay overlay rw\n101 100 8:2 / /var/lib/kubelet rw {podKubelet}- ext4 /dev/sdb1 rw\n"),
    };

    [Fact]
    public void A_private_kubelet_directory_on_the_host_keeps_volume_mounts_from_the_pod_and_the_fix_is_to_make_it_shared()
    {
        Dictionary<string, MountTable> tables = Kubelet("", "");
        Assert.All(tables.Values, t => Assert.Empty(t.Diagnostics));
        WhyNotAnswer answer = WhyNot.Explain(tables, "host", "/var/lib/kubelet/pods/v", "pod", "/var/lib/kubelet/pods/v");

        Assert.True(answer.Supported, answer.Reason);
        Assert.False(answer.Reaches);
        Assert.Equal("R-RECV", answer.StoppedRule);
        Assert.Contains("host:/var/lib/kubelet is private", answer.StoppedBy, StringComparison.Ordinal);
        WhyNotFix fix = answer.Fixes[0];
        Assert.StartsWith("make /var/lib/kubelet shared in namespace host (mount --make-shared /var/lib/kubelet)", fix.Text, StringComparison.Ordinal);
        Assert.Equal(["host:/var/lib/kubelet", "pod:/var/lib/kubelet"], fix.Changes.Select(c => $"{c.Namespace}:{c.MountPoint}"));
        Assert.Equal("mount --make-shared /var/lib/kubelet", fix.Changes[0].Command);
        Assert.Contains("HostToContainer", fix.Changes[1].Text, StringComparison.Ordinal);
        Assert.StartsWith("No: a mount at host:/var/lib/kubelet/pods/v does not appear at pod:/var/lib/kubelet/pods/v.", answer.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void With_mounts_below_the_kubelet_directory_the_fix_is_rshared()
    {
        Dictionary<string, MountTable> tables = Kubelet("", "");
        tables["host"] = Table("1 0 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n20 1 8:2 / /var/lib/kubelet rw - ext4 /dev/sdb1 rw\n21 20 0:70 / /var/lib/kubelet/pods/a/volumes rw - tmpfs tmpfs rw\n");

        WhyNotAnswer answer = WhyNot.Explain(tables, "host", "/var/lib/kubelet/pods/v", "pod", "/var/lib/kubelet/pods/v");

        Assert.Equal("mount --make-rshared /var/lib/kubelet", answer.Fixes[0].Changes[0].Command);
    }

    [Fact]
    public void A_shared_kubelet_directory_reaches_a_pod_whose_copy_is_its_slave_and_the_chain_says_so()
    {
        WhyNotAnswer answer = WhyNot.Explain(Kubelet("shared:5 ", "master:5 "), "host", "/var/lib/kubelet/pods/v", "pod", "/var/lib/kubelet/pods/v");

        Assert.True(answer.Reaches);
        Assert.Equal("/var/lib/kubelet/pods/v", answer.Arrival);
        Assert.Equal(["host:/var/lib/kubelet shared:5", "pod:/var/lib/kubelet master:5"], answer.Chain.Select(h => $"{h.Namespace}:{h.MountPoint} {h.Tags}"));
        Assert.Equal("is a slave of shared:5, so the mount is copied to /var/lib/kubelet/pods/v", answer.Chain[1].Text);
        Assert.Empty(answer.Fixes);
        Assert.Null(answer.StoppedBy);
        Assert.Contains(answer.Explanations, e => e.Namespace == "pod" && e.Receives == true);
    }

    [Fact]
    public void A_pod_started_without_propagation_is_fixed_by_making_its_copy_a_slave_of_the_hosts_group()
    {
        WhyNotAnswer answer = WhyNot.Explain(Kubelet("shared:5 ", ""), "host", "/var/lib/kubelet/pods/v", "pod", "/var/lib/kubelet/pods/v");

        Assert.False(answer.Reaches);
        Assert.Contains("pod:/var/lib/kubelet is private", answer.StoppedBy, StringComparison.Ordinal);
        WhyNotChange change = Assert.Single(answer.Fixes[0].Changes);
        Assert.Equal(("pod", "/var/lib/kubelet", null), (change.Namespace, change.MountPoint, change.Command));
        Assert.StartsWith("make /var/lib/kubelet in namespace pod a slave of shared:5", change.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slave_does_not_send_to_its_master_and_the_fix_is_to_make_it_a_peer()
    {
        var tables = new Dictionary<string, MountTable>(StringComparer.Ordinal)
        {
            ["a"] = Table("10 9 0:50 / / rw - tmpfs lab rw\n11 10 0:51 / /x rw master:3 - tmpfs x rw\n"),
            ["b"] = Table("20 19 0:52 / / rw - tmpfs lab rw\n21 20 0:51 / /x rw shared:3 - tmpfs x rw\n"),
        };

        WhyNotAnswer answer = WhyNot.Explain(tables, "a", "/x/y", "b", "/x/y");

        Assert.False(answer.Reaches);
        Assert.Contains("slaves receive mount events but never send them", answer.StoppedBy, StringComparison.Ordinal);
        WhyNotChange change = Assert.Single(answer.Fixes[0].Changes);
        Assert.StartsWith("make /x in namespace a a peer of shared:3", change.Text, StringComparison.Ordinal);
        Assert.Contains("Bidirectional", change.Text, StringComparison.Ordinal);

        // The other way round it reaches: the master sends to its slave.
        WhyNotAnswer back = WhyNot.Explain(tables, "b", "/x/y", "a", "/x/y");
        Assert.True(back.Reaches);
        Assert.Equal("/x/y", back.Arrival);
    }

    [Fact]
    public void The_chain_names_every_group_and_master_link_on_the_way()
    {
        var tables = new Dictionary<string, MountTable>(StringComparer.Ordinal)
        {
            ["h"] = Table("10 9 0:50 / / rw - tmpfs lab rw\n11 10 0:51 / /m rw shared:5 - tmpfs m rw\n"),
            ["mid"] = Table("20 19 0:52 / / rw - tmpfs lab rw\n21 20 0:51 / /m rw shared:7 master:5 - tmpfs m rw\n"),
            ["pod"] = Table("30 29 0:53 / / rw - tmpfs lab rw\n31 30 0:51 / /data rw master:7 - tmpfs m rw\n"),
        };

        WhyNotAnswer answer = WhyNot.Explain(tables, "h", "/m/v", "pod", "/data/v");

        Assert.True(answer.Reaches, answer.Summary);
        Assert.Equal(["h:/m", "mid:/m", "pod:/data"], answer.Chain.Select(h => $"{h.Namespace}:{h.MountPoint}"));
        Assert.Equal("is in shared:7, a slave of shared:5, so the event passes on to shared:7", answer.Chain[1].Text);
        Assert.Equal("is a slave of shared:7, so the mount is copied to /data/v", answer.Chain[2].Text);
    }

    [Fact]
    public void A_receiver_whose_root_does_not_show_the_path_is_the_stopping_rule()
    {
        var tables = new Dictionary<string, MountTable>(StringComparer.Ordinal)
        {
            ["a"] = Table("10 9 0:50 / / rw - tmpfs lab rw\n11 10 0:51 / /x rw shared:3 - tmpfs x rw\n"),
            ["b"] = Table("20 19 0:52 / / rw - tmpfs lab rw\n21 20 0:51 /sub /y rw shared:3 - tmpfs x rw\n"),
        };

        WhyNotAnswer answer = WhyNot.Explain(tables, "a", "/x/other", "b", "/y/other");

        Assert.False(answer.Reaches);
        Assert.Contains("outside its root /sub", answer.StoppedBy, StringComparison.Ordinal);
        Assert.Empty(answer.Fixes);
        Assert.Contains("No propagation change", answer.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_namespaces_and_relative_paths_are_said_not_guessed()
    {
        Dictionary<string, MountTable> tables = Kubelet("", "");

        Assert.False(WhyNot.Explain(tables, "host", "/a", "nope", "/a").Supported);
        Assert.Contains("absolute", WhyNot.Explain(tables, "host", "a", "pod", "/a").Reason, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using MountViz.Web.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace MountViz.Web.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so these tests read docker-compose.yml and the Dockerfile and
/// check what they promise: privileged, host PIDs, loopback-only port, a Debian-based glibc
/// runtime with util-linux, and the same build commands CI runs.
/// </summary>
public class ContainerDefinitionTests
{
    [Fact]
    public void Compose_runs_mountviz_privileged_with_host_pids_on_loopback_only()
    {
        YamlMappingNode service = ComposeService("mountviz");

        Assert.Equal(".", Scalar(service, "build"));
        Assert.Equal("true", Scalar(service, "privileged"));
        Assert.Equal("host", Scalar(service, "pid"));

        var ports = (YamlSequenceNode)service.Children[new YamlScalarNode("ports")];
        string port = Assert.Single(ports.Children.Cast<YamlScalarNode>().Select(p => p.Value!));
        Assert.Equal("127.0.0.1:5080:5080", port);
    }

    [Fact]
    public void Compose_makes_the_server_listen_on_the_published_container_port()
    {
        YamlMappingNode service = ComposeService("mountviz");

        var command = (YamlSequenceNode)service.Children[new YamlScalarNode("command")];
        string[] words = [.. command.Children.Cast<YamlScalarNode>().Select(w => w.Value!)];
        Assert.Equal(["serve", "--urls", "http://0.0.0.0:5080"], words);
    }

    [Fact]
    public void Dockerfile_builds_with_sdk_and_node_and_runs_on_a_debian_based_aspnet_image()
    {
        Dockerfile dockerfile = Dockerfile.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile")));

        Assert.True(dockerfile.Stages.Count >= 2, "The Dockerfile must be multi-stage.");
        Dockerfile.Stage build = dockerfile.Stages[0];
        Dockerfile.Stage runtime = dockerfile.Stages[^1];

        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", build.Image, StringComparison.Ordinal);
        Assert.Contains(build.Runs, r => r.Contains("apt-get install", StringComparison.Ordinal) && r.Contains(" nodejs", StringComparison.Ordinal) && r.Contains(" npm", StringComparison.Ordinal));

        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", runtime.Image, StringComparison.Ordinal);
        AssertDebianBased(runtime.Image);
        AssertDebianBased(build.Image);
        Assert.Contains(runtime.Runs, r => r.Contains("apt-get install", StringComparison.Ordinal) && r.Split(' ').Contains("util-linux"));
        Assert.Contains(runtime.Instructions, i => i.Keyword == "COPY" && i.Arguments.StartsWith($"--from={build.Name} ", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_runs_the_same_build_commands_as_ci_in_order()
    {
        Dockerfile dockerfile = Dockerfile.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile")));
        string[] runs = [.. dockerfile.Stages[0].Runs];

        int npmCi = Array.FindIndex(runs, r => r.Contains("npm ci", StringComparison.Ordinal));
        int npmBuild = Array.FindIndex(runs, r => r.Contains("npm run build", StringComparison.Ordinal));
        int publish = Array.FindIndex(runs, r => r.Contains("dotnet publish src/MountViz.Web", StringComparison.Ordinal));
        Assert.True(npmCi >= 0 && npmBuild > npmCi && publish > npmBuild, string.Join(Environment.NewLine, runs));

        // "npm run build" must exist in the client package, and the web project's build runs it too.
        using JsonDocument package = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "client", "package.json")));
        Assert.True(package.RootElement.GetProperty("scripts").TryGetProperty("build", out _));
        string project = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "MountViz.Web", "MountViz.Web.csproj"));
        Assert.Contains("Command=\"npm ci --no-audit --no-fund\"", project, StringComparison.Ordinal);
        Assert.Contains("Command=\"npm run build\"", project, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_build_context_leaves_out_build_outputs()
    {
        string[] ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore"));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("**/node_modules/", ignored);
        Assert.Contains("wwwroot/js/", ignored);
    }

    private static void AssertDebianBased(string image)
    {
        // .NET 10's tags: "10.0" and "10.0-noble" are Ubuntu 24.04; alpine (musl), azurelinux and
        // the chiseled/distroless variants (no apt, no shell) cannot install util-linux or run Tmds.LibC.
        string tag = image[(image.LastIndexOf(':') + 1)..];
        string[] debianFamily = ["noble", "jammy", "bookworm", "trixie"];
        Assert.True(tag == "10.0" || debianFamily.Any(d => tag.EndsWith("-" + d, StringComparison.Ordinal) || tag.EndsWith("-" + d + "-slim", StringComparison.Ordinal)), $"{image} is not a Debian-based image tag");
    }

    private static YamlMappingNode ComposeService(string name)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        return (YamlMappingNode)services.Children[new YamlScalarNode(name)];
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? ((YamlScalarNode)value).Value : null;
}

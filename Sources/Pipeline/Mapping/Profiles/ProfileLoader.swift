import Foundation

/// Loads a directory of profiles: parse every file, resolve `extends`, compile, check the set.
public enum ProfileLoader {
    /// Loads `*.yaml` / `*.yml` files of `directory` (not its subfolders). Throws every error at once.
    ///
    /// `contexts` defaults to the directory's `contexts/index.yaml`; `cryptosuites`, when given,
    /// are the suites `proof.cryptosuite` may name (the composition root passes its registry's), so
    /// a typo is a load error with its position; without them the pipeline's signer setup checks.
    public static func load(
        directory: URL, contexts: ContextCatalog? = nil, cryptosuites: CryptosuiteNames? = nil
    ) throws(ProfileLoadError) -> ProfileSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw ProfileLoadError(diagnostics: [ProfileDiagnostic(.unreadable, at: SourceLocation(file: directory.path, line: 1, column: 1), "cannot read the profiles directory: \(error.localizedDescription)")])
        }
        var sources: [(file: String, text: String)] = []
        var unreadable: [ProfileDiagnostic] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                unreadable.append(ProfileDiagnostic(.unreadable, at: SourceLocation(file: displayPath(url), line: 1, column: 1), "cannot read the profile file"))
                continue
            }
            sources.append((displayPath(url), String(decoding: data, as: UTF8.self)))
        }
        let catalog = contexts ?? ContextCatalog(directory: directory.appendingPathComponent("contexts"))
        let set: ProfileSet
        do {
            set = try load(sources: sources, baseDirectory: directory, contexts: catalog, cryptosuites: cryptosuites)
        } catch {
            throw ProfileLoadError(diagnostics: unreadable + error.diagnostics)
        }
        guard unreadable.isEmpty else { throw ProfileLoadError(diagnostics: unreadable + set.warnings) }
        return set
    }

    /// Loads profiles from texts (tests use this); lookup files are read relative to `baseDirectory`.
    public static func load(
        sources: [(file: String, text: String)], baseDirectory: URL? = nil, contexts: ContextCatalog = ContextCatalog(),
        cryptosuites: CryptosuiteNames? = nil
    ) throws(ProfileLoadError) -> ProfileSet {
        var diagnostics: [ProfileDiagnostic] = []
        var trees: [(name: String, node: SyntaxNode)] = []
        for source in sources {
            switch YAMLReader.read(source.text, file: source.file) {
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            case .success(let node):
                let fallback = URL(fileURLWithPath: source.file).deletingPathExtension().lastPathComponent
                let name = node["name"]?.scalarText ?? fallback
                if let previous = trees.first(where: { $0.name == name }) {
                    diagnostics.append(ProfileDiagnostic(.badValue, at: node["name"]?.location ?? node.location, "profile name '\(name)' is already used by \(previous.node.location.file)"))
                    continue
                }
                trees.append((name, node))
            }
        }
        let readFile = { (path: String, location: SourceLocation) -> Result<String, ProfileDiagnostic> in
            let base = baseDirectory ?? URL(fileURLWithPath: location.file).deletingLastPathComponent()
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return .failure(ProfileDiagnostic(.badLookup, at: location, "cannot read lookup file \(url.path)"))
            }
            return .success(String(decoding: data, as: UTF8.self))
        }
        var compiled: [CompiledProfile] = []
        for tree in trees {
            guard let merged = resolveExtends(tree.name, trees: trees, &diagnostics) else { continue }
            let result = ProfileCompiler(name: tree.name, root: merged, readFile: readFile, cryptosuites: cryptosuites).compile()
            diagnostics += result.diagnostics
            if let profile = result.profile { compiled.append(profile) }
        }
        diagnostics += MatchOverlapCheck.diagnostics(for: compiled.filter { !$0.isAbstract })
        diagnostics += ContextTermCheck.diagnostics(for: trees, compiled: compiled, catalog: contexts)
        diagnostics += contexts.problems
        guard !diagnostics.contains(where: { $0.severity == .error }) else { throw ProfileLoadError(diagnostics: diagnostics) }
        return ProfileSet(profiles: compiled, warnings: diagnostics.sorted(), contextCatalog: contexts)
    }

    private static func resolveExtends(_ name: String, trees: [(name: String, node: SyntaxNode)], _ diagnostics: inout [ProfileDiagnostic]) -> SyntaxNode? {
        var chain: [String] = []
        var current = name
        var nodes: [SyntaxNode] = []
        while true {
            guard let tree = trees.first(where: { $0.name == current }) else { return nil }
            nodes.append(tree.node)
            chain.append(current)
            guard let extendsNode = tree.node["extends"] else { break }
            guard let parent = extendsNode.scalarText, trees.contains(where: { $0.name == parent }) else {
                if current == name {
                    let known = trees.map(\.name).filter { $0 != name }.joined(separator: ", ")
                    diagnostics.append(ProfileDiagnostic(.badExtends, at: extendsNode.location, "extends '\(extendsNode.scalarText ?? "")': no such profile; known: \(known)"))
                }
                return nil
            }
            guard !chain.contains(parent) else {
                if current == name || chain.first == name {
                    diagnostics.append(ProfileDiagnostic(.badExtends, at: extendsNode.location, "extends forms a cycle: \((chain + [parent]).joined(separator: " -> "))"))
                }
                return nil
            }
            current = parent
        }
        var merged = nodes.removeLast()
        while let child = nodes.popLast() { merged = ProfileMerger.merge(base: merged, child: child) }
        return merged
    }

    /// Paths relative to the working directory when below it: shorter messages, clickable in terminals.
    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }
}

import Foundation
import TestSupport
import Testing
import TokenVerification

/// nginx, Debian's package, that `.ci/run` installs.
let nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("nginx auth_request gateway in front of tokenctl serve", .serialized, .enabled(if: nginxBinary != nil))
struct NginxGatewayTests {
    /// nginx running the project's gateway configuration, with a stand-in API that echoes what it receives.
    final class Gateway {
        let scratch: TemporaryDirectory
        let process = Process()
        let port = HTTPProbe.freePort()

        init(verifierPort: Int) throws {
            scratch = try TemporaryDirectory()
            let apiPort = HTTPProbe.freePort()
            let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let shipped = try String(
                contentsOf: projectRoot.appendingPathComponent("deploy/nginx/tokenctl-gateway.conf"), encoding: .utf8)
            let gateway = shipped.replacingOccurrences(of: "127.0.0.1:8000", with: "127.0.0.1:\(port)")
                .replacingOccurrences(of: "127.0.0.1:8080", with: "127.0.0.1:\(verifierPort)")
                .replacingOccurrences(of: "127.0.0.1:9000", with: "127.0.0.1:\(apiPort)")
            #expect(gateway != shipped)
            try scratch.write("gateway.conf", gateway)
            let root = scratch.path
            try scratch.write(
                "nginx.conf",
                """
                worker_processes 1;
                daemon off;
                pid \(root)/nginx.pid;
                error_log \(root)/error.log;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path \(root)/body;
                    proxy_temp_path \(root)/proxy;
                    fastcgi_temp_path \(root)/fastcgi;
                    uwsgi_temp_path \(root)/uwsgi;
                    scgi_temp_path \(root)/scgi;
                    include \(root)/gateway.conf;
                    server {
                        listen 127.0.0.1:\(apiPort);
                        location / {
                            return 200 "workspace=$http_token_workspace id=$http_token_id authorization=[$http_authorization] host=$http_host\\n";
                        }
                    }
                }
                """)
            process.executableURL = URL(fileURLWithPath: nginxBinary ?? "nginx")
            process.arguments = ["-p", root, "-c", "\(root)/nginx.conf"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            _ = try HTTPProbe.waitFor(401, within: 10) { try HTTPProbe.status("http://127.0.0.1:\(port)/") }
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }

        func get(_ path: String, bearer token: String? = nil) throws -> (status: Int, body: String) {
            try HTTPProbe.request("http://127.0.0.1:\(port)\(path)", bearer: token)
        }
    }

    @Test("Valid reaches the API with the workspace; missing, bad, expired and revoked get 401; delete takes effect")
    func gateway() throws {
        let repository = try GitRepository()
        let token = try repository.generate(workspace: "acme", name: "API")
        let (expiredSecret, expired) = try TestTokens.secret()
        let past = Date(timeIntervalSince1970: 1_700_000_000)
        try TestTokens.plant(
            TestTokens.record(name: "Old", hash: expiredSecret.hash, createdAt: past, expiresAt: past),
            in: "\(repository.path)/workspace")
        let revoked = try repository.generate(workspace: "acme", name: "Gone")
        _ = try repository.tokenctl("delete", "--workspace", "acme", "Gone")
        let server = try ServerProcess(dataFolder: "workspace", in: repository.path)
        let gateway = try Gateway(verifierPort: server.port)

        let allowed = try gateway.get("/orders?page=2", bearer: token)
        #expect(allowed.status == 200)
        let id = SHA256Digester.digest(token).id
        #expect(allowed.body == "workspace=acme id=\(id) authorization=[] host=127.0.0.1\n")
        #expect(try gateway.get("/orders").status == 401)
        #expect(try gateway.get("/orders", bearer: "tok_not-a-token").status == 401)
        #expect(try gateway.get("/orders", bearer: TestTokens.corrupted(token)).status == 401)
        #expect(try gateway.get("/orders", bearer: expired).status == 401)
        #expect(try gateway.get("/orders", bearer: revoked).status == 401)

        #expect(try repository.tokenctl("delete", "--workspace", "acme", "API").status == 0)
        let refusedAfter = try HTTPProbe.waitFor(401, within: 2) { try gateway.get("/orders", bearer: token).status }
        #expect(refusedAfter != nil, "the deleted token is refused within two seconds")
        #expect(server.stop() == 0)
    }
}

import Domain
import Foundation
import NIOCore
import NIOPosix

/// Where mail is handed over: a relay on the local network (plain SMTP, no login), as county offices run one.
public struct SMTPSettings: Equatable, Sendable {
    public var host: String
    public var port: Int
    public var from: String
    /// The name given in EHLO.
    public var heloName: String

    public init(host: String, port: Int = 25, from: String, heloName: String = "healthcity") {
        self.host = host; self.port = port; self.from = from; self.heloName = heloName
    }
}

/// A refusal or a broken conversation, in words the delivery log shows.
public struct SMTPFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A small SMTP client on SwiftNIO: EHLO (HELO if refused), MAIL FROM, RCPT TO, DATA, QUIT, one message per
/// connection, each reply checked. Enough for an office relay; no TLS or login.
public enum SMTPClient {
    public static func send(_ message: EmailMessage, via settings: SMTPSettings, timeout: TimeAmount = .seconds(30)) async throws {
        guard EmailMessage.isSafeAddress(message.from), EmailMessage.isSafeAddress(message.to) else {
            throw SMTPFailure(message: "邮箱地址不可用：\(message.to)")
        }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPFailure(message: "无法连接邮件服务器 \(settings.host):\(settings.port)（\(NotificationSender.networkProblem(error))）")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var lines = inbound.makeAsyncIterator()
                    var conversation = Conversation(outbound: outbound)
                    try await conversation.expect([220], from: &lines, step: "连接")
                    try await conversation.command("EHLO \(settings.heloName)")
                    if try await conversation.reply(from: &lines).code != 250 {
                        try await conversation.command("HELO \(settings.heloName)")
                        try await conversation.expect([250], from: &lines, step: "HELO")
                    }
                    try await conversation.command("MAIL FROM:<\(message.from)>")
                    try await conversation.expect([250], from: &lines, step: "发件人")
                    try await conversation.command("RCPT TO:<\(message.to)>")
                    try await conversation.expect([250, 251], from: &lines, step: "收件人")
                    try await conversation.command("DATA")
                    try await conversation.expect([354], from: &lines, step: "DATA")
                    try await outbound.write(ByteBuffer(string: message.data + ".\r\n"))
                    try await conversation.expect([250], from: &lines, step: "邮件正文")
                    try await conversation.command("QUIT")
                    _ = try? await conversation.reply(from: &lines)
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
                throw SMTPFailure(message: "邮件服务器 \(settings.host):\(settings.port) 超时未应答")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// One side of the dialogue: commands out, multi-line replies (`250-…` … `250 …`) in.
    struct Conversation {
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

        func command(_ line: String) async throws {
            try await outbound.write(ByteBuffer(string: line + "\r\n"))
        }

        func reply(from lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) async throws -> (code: Int, text: String) {
            var text: [String] = []
            while true {
                guard var buffer = try await lines.next(), let raw = buffer.readString(length: buffer.readableBytes) else {
                    throw SMTPFailure(message: "邮件服务器中断了连接")
                }
                let line = raw.trimmingCharacters(in: .newlines)
                guard line.count >= 3, let code = Int(line.prefix(3)) else {
                    throw SMTPFailure(message: "邮件服务器的应答无法识别：\(line.prefix(80))")
                }
                text.append(String(line.dropFirst(4)))
                // "250-" continues, "250 " (or a bare code) ends the reply.
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] != "-" {
                    return (code, text.joined(separator: " "))
                }
            }
        }

        func expect(_ codes: Set<Int>, from lines: inout NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, step: String) async throws {
            let (code, text) = try await reply(from: &lines)
            guard codes.contains(code) else {
                throw SMTPFailure(message: "邮件服务器在「\(step)」一步拒绝：\(code) \(text.prefix(120))")
            }
        }
    }
}

/// Splits the server's bytes into lines (each ending with LF), as SMTP replies come.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPFailure(message: "邮件服务器的应答行过长") }
            return .needMoreData
        }
        let length = view.distance(from: view.startIndex, to: newline) + 1
        guard let line = buffer.readSlice(length: length) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

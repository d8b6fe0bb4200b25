internal import Foundation
internal import NIOCore
internal import NIOHTTPTypes
internal import Tally

/// The server's open connections, so that idle sockets cannot use up what others need: at most `perClient` from
/// one address and `total` in all. A connection beyond either limit closes the longest idle connection of that
/// address (or of all) — an idle keep-alive connection may be closed at any time, and its client opens a new one
/// — or, when none is idle, the new connection itself. So one client holding a thousand idle sockets keeps
/// `perClient` of them, and `/health` and everyone else still get through.
///
/// Each connection's ``ConnectionLimiter/Handler`` reports to it; the limiter itself is shared by all connections.
final class ConnectionLimiter: Sendable {
    struct Entry {
        let address: String
        let channel: any Channel
        /// Requests begun and not yet answered.
        var busy: Int
        /// When the connection last became idle, as a count of events (higher is later).
        var idleSince: UInt64
    }

    struct State {
        var entries: [UInt64: Entry] = [:]
        var perAddress: [String: Int] = [:]
        var clock: UInt64 = 0

        /// Forgets a connection; its entry, or `nil` when it was forgotten before.
        mutating func remove(_ id: UInt64) -> Entry? {
            guard let entry = entries.removeValue(forKey: id) else { return nil }
            perAddress[entry.address, default: 1] -= 1
            if perAddress[entry.address] == 0 { perAddress[entry.address] = nil }
            return entry
        }
    }

    let perClient: Int
    let total: Int
    private let state = Locked(State())

    init(perClient: Int, total: Int) {
        self.perClient = max(1, perClient)
        self.total = max(1, total)
    }

    /// The connections open now.
    var openCount: Int { state.value.entries.count }

    /// Registers a new connection; closes the connections it displaces (perhaps itself).
    func opened(_ channel: any Channel, id: UInt64) {
        let address = channel.remoteAddress?.ipAddress ?? "local"
        let displaced: [any Channel] = state.withLock { state in
            state.clock += 1
            state.entries[id] = Entry(address: address, channel: channel, busy: 0, idleSince: state.clock)
            state.perAddress[address, default: 0] += 1
            var displaced: [any Channel] = []
            if state.perAddress[address, default: 0] > perClient,
                let channel = Self.removeLongestIdle(from: &state, address: address, newest: id)
            {
                displaced.append(channel)
            }
            if state.entries.count > total, let channel = Self.removeLongestIdle(from: &state, address: nil, newest: id)
            {
                displaced.append(channel)
            }
            return displaced
        }
        // Closed on their own event loops, after the lock is given back (closing runs their handlers).
        for channel in displaced { channel.eventLoop.execute { channel.close(promise: nil) } }
    }

    /// Removes the longest idle connection (of `address`, or of all); the new connection `newest` only when no
    /// other is idle; a busy one never.
    private static func removeLongestIdle(from state: inout State, address: String?, newest: UInt64) -> (any Channel)? {
        var chosen: (id: UInt64, since: UInt64)?
        for (id, entry) in state.entries where entry.busy == 0 && (address == nil || entry.address == address) {
            let since = id == newest ? UInt64.max : entry.idleSince
            if chosen == nil || since < chosen!.since { chosen = (id, since) }
        }
        guard let chosen else { return nil }
        return state.remove(chosen.id)?.channel
    }

    func closed(id: UInt64) {
        state.withLock { state in _ = state.remove(id) }
    }

    func requestBegan(id: UInt64) {
        state.withLock { state in state.entries[id]?.busy += 1 }
    }

    func responseEnded(id: UInt64) {
        state.withLock { state in
            guard var entry = state.entries[id] else { return }
            entry.busy = max(0, entry.busy - 1)
            state.clock += 1
            entry.idleSince = state.clock
            state.entries[id] = entry
        }
    }

    private let ids = Locked<UInt64>(0)

    /// A handler for one new connection.
    func handler(requestReadTimeout: TimeAmount?) -> Handler {
        let id = ids.withLock { next in
            next += 1
            return next
        }
        return Handler(limiter: self, id: id, requestReadTimeout: requestReadTimeout)
    }

    /// Reports one connection's opening, requests, answers and closing to the limiter; closes the connection when
    /// reading one request — its head and body — takes longer than `requestReadTimeout`, however slowly it trickles.
    final class Handler: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        typealias OutboundIn = HTTPResponsePart
        typealias OutboundOut = HTTPResponsePart

        let limiter: ConnectionLimiter
        let id: UInt64
        let requestReadTimeout: TimeAmount?
        private var registered = false
        private var readDeadline: Scheduled<Void>?

        init(limiter: ConnectionLimiter, id: UInt64, requestReadTimeout: TimeAmount?) {
            self.limiter = limiter
            self.id = id
            self.requestReadTimeout = requestReadTimeout
        }

        func handlerAdded(context: ChannelHandlerContext) {
            registered = true
            limiter.opened(context.channel, id: id)
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            unregister()
        }

        func channelInactive(context: ChannelHandlerContext) {
            unregister()
            context.fireChannelInactive()
        }

        private func unregister() {
            readDeadline?.cancel()
            readDeadline = nil
            if registered { limiter.closed(id: id) }
            registered = false
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head:
                limiter.requestBegan(id: id)
                if let requestReadTimeout {
                    let channel = context.channel
                    readDeadline?.cancel()
                    readDeadline = context.eventLoop.scheduleTask(in: requestReadTimeout) {
                        channel.close(promise: nil)
                    }
                }
            case .end:
                readDeadline?.cancel()
                readDeadline = nil
            case .body:
                break
            }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .end = unwrapOutboundIn(data) { limiter.responseEnded(id: id) }
            context.write(data, promise: promise)
        }
    }
}

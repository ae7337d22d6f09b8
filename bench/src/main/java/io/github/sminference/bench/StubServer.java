package io.github.sminference.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server that answers the SageMaker runtime protocol as fast as practical, for benchmarks: Netty, HTTP/1.1
 * with keep-alive, {@code TCP_NODELAY}, no logging, no allocation beyond the response headers (the response body is
 * the request's own buffer).
 *
 * <ul>
 *   <li>{@code POST /endpoints/{name}/invocations}: 200, the request body echoed, the request's {@code Content-Type}
 *       (or {@code application/octet-stream}) and {@code x-Amzn-Invoked-Production-Variant: AllTraffic}.</li>
 *   <li>{@code POST /endpoints/{name}/async-invocations}: 202, {@code {"InferenceId": ...}} (the request's
 *       {@code X-Amzn-SageMaker-Inference-Id}, or a new one) and {@code X-Amzn-SageMaker-OutputLocation} under
 *       {@code s3://<output bucket>/async-output/}; nothing is ever written there.</li>
 *   <li>{@code POST /} with {@code X-Amz-Target: SageMaker.DescribeTransformJob} (the control plane, JSON 1.1): a
 *       {@code Completed} job of model {@code bench} that read {@code s3://<output bucket>/<job name>/in/} (S3Prefix,
 *       {@code text/csv}, SplitType Line) and wrote {@code s3://<output bucket>/<job name>/out/} (AssembleWith Line,
 *       JoinSource Input); {@code SageMaker.ListTags}: no tags.</li>
 *   <li>anything else: 404 (400 on the control plane) with the service's JSON error shape.</li>
 * </ul>
 *
 * <p>Run on its own ({@link #main(String[])}) so its CPU and garbage stay out of the measured JVM: it prints
 * {@code STUB_PORT=<port>} and serves until its standard input closes.
 */
public final class StubServer implements AutoCloseable {
    /** The largest request body accepted: the real-time limit (6 MiB) plus room. */
    static final int MAX_BODY = 7 * 1024 * 1024;
    static final String VARIANT = "AllTraffic";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final Handler handler;

    private StubServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, Handler handler) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.handler = handler;
    }

    /**
     * Starts a server on {@code 127.0.0.1}.
     *
     * @param port the port, 0 for a free one
     * @param ioThreads the event loop threads that serve connections
     * @param outputBucket the bucket named in InvokeEndpointAsync's output locations
     * @return the running server
     * @throws InterruptedException if interrupted while binding
     */
    public static StubServer start(int port, int ioThreads, String outputBucket) throws InterruptedException {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("stub-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("stub-io", true));
        Handler handler = new Handler(outputBucket);
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            return new StubServer(boss, workers, ch, handler);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * The port it listens on.
     *
     * @return the port
     */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * The base URI, e.g. {@code http://127.0.0.1:40123}.
     *
     * @return the endpoint to point clients at
     */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * Requests answered so far (all routes).
     *
     * @return the count
     */
    public long requests() {
        return handler.requests.get();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        boss.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * Runs the server until standard input closes.
     *
     * @param args {@code [ioThreads [outputBucket]]}: default 2 threads, bucket {@code bench}
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String bucket = args.length > 1 ? args[1] : "bench";
        try (StubServer s = start(0, threads, bucket)) {
            System.out.println("STUB_PORT=" + s.port());
            System.out.flush();
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // serve until the parent closes our stdin (or dies)
                }
            } catch (IOException ignored) {
                // parent gone
            }
        }
    }

    private static final Pattern JOB_NAME = Pattern.compile("\"TransformJobName\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * The description the stub gives of any transform job: completed, input and output under
     * {@code s3://<bucket>/<name>/}.
     *
     * @param bucket the bucket
     * @param name the job's name
     * @return DescribeTransformJob's JSON response
     */
    static String describeTransformJob(String bucket, String name) {
        String base = "s3://" + bucket + "/" + name + "/";
        long now = System.currentTimeMillis() / 1000;
        return "{\"TransformJobName\":\"" + name + "\",\"TransformJobArn\":\"arn:aws:sagemaker:us-east-1:123456789012:"
                + "transform-job/" + name + "\",\"TransformJobStatus\":\"Completed\",\"ModelName\":\"bench\","
                + "\"MaxConcurrentTransforms\":1,\"MaxPayloadInMB\":6,\"BatchStrategy\":\"MultiRecord\","
                + "\"TransformInput\":{\"DataSource\":{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\""
                + base + "in/\"}},\"ContentType\":\"text/csv\",\"CompressionType\":\"None\",\"SplitType\":\"Line\"},"
                + "\"TransformOutput\":{\"S3OutputPath\":\"" + base + "out/\",\"Accept\":\"text/csv\","
                + "\"AssembleWith\":\"Line\"},\"TransformResources\":{\"InstanceType\":\"ml.m5.xlarge\","
                + "\"InstanceCount\":1},\"DataProcessing\":{\"JoinSource\":\"Input\"},\"CreationTime\":" + (now - 60)
                + ",\"TransformStartTime\":" + (now - 50) + ",\"TransformEndTime\":" + (now - 10) + "}";
    }

    /** One instance serves every connection: it keeps no per-connection state. */
    @ChannelHandler.Sharable
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String outputBucket;
        private final AtomicLong requests = new AtomicLong();

        Handler(String outputBucket) {
            this.outputBucket = outputBucket;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            requests.incrementAndGet();
            String path = req.uri();
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            FullHttpResponse resp;
            if (req.method() == HttpMethod.POST && path.startsWith("/endpoints/") && path.endsWith("/invocations")
                    && path.indexOf('/', "/endpoints/".length()) == path.length() - "/invocations".length()) {
                resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        req.content().retain()); // the body goes back as it came: no copy
                String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
                resp.headers().set(HttpHeaderNames.CONTENT_TYPE, ct == null ? DEFAULT_CONTENT_TYPE : ct);
                resp.headers().set("x-Amzn-Invoked-Production-Variant", VARIANT);
            } else if (req.method() == HttpMethod.POST && path.startsWith("/endpoints/")
                    && path.endsWith("/async-invocations")) {
                String id = req.headers().get("X-Amzn-SageMaker-Inference-Id");
                if (id == null || id.isEmpty()) {
                    id = UUID.randomUUID().toString();
                }
                resp = json(HttpResponseStatus.ACCEPTED, "{\"InferenceId\":\"" + id + "\"}");
                resp.headers().set("X-Amzn-SageMaker-OutputLocation",
                        "s3://" + outputBucket + "/async-output/" + id + ".out");
            } else if (req.method() == HttpMethod.POST && path.equals("/")
                    && req.headers().contains("X-Amz-Target")) {
                resp = controlPlane(req.headers().get("X-Amz-Target"),
                        req.content().toString(StandardCharsets.UTF_8));
            } else {
                resp = json(HttpResponseStatus.NOT_FOUND,
                        "{\"__type\":\"ValidationError\",\"message\":\"stub: no route for " + req.method() + " "
                                + path.replace('"', '\'') + "\"}");
                resp.headers().set("x-amzn-ErrorType", "ValidationError");
            }
            HttpUtil.setContentLength(resp, resp.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                if (req.protocolVersion() == HttpVersion.HTTP_1_0) {
                    resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.writeAndFlush(resp, ctx.voidPromise());
            } else {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse controlPlane(String target, String body) {
            FullHttpResponse r;
            if (target.equals("SageMaker.DescribeTransformJob")) {
                Matcher m = JOB_NAME.matcher(body);
                String name = m.find() ? m.group(1) : "bench-job";
                r = json(HttpResponseStatus.OK, describeTransformJob(outputBucket, name));
            } else if (target.equals("SageMaker.ListTags")) {
                r = json(HttpResponseStatus.OK, "{\"Tags\":[]}");
            } else {
                r = json(HttpResponseStatus.BAD_REQUEST, "{\"__type\":\"ValidationException\",\"message\":\"stub: "
                        + target.replace('"', '\'') + " is not served\"}");
            }
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-amz-json-1.1");
            return r;
        }

        private static FullHttpResponse json(HttpResponseStatus status, String body) {
            ByteBuf buf = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buf);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return r;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client reset its connection: nothing to report in a benchmark
        }
    }
}

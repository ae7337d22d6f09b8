package io.github.sminference.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * WireMock's JUnit 5 extension, bound to {@code 127.0.0.1} on a dynamic port, with the SageMaker runtime stubs of
 * {@link SageMakerWireMock}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SageMakerWireMockExtension WM = SageMakerWireMockExtension.create();
 *
 * @Test
 * void invoke_modelError_surfacesOriginalStatus() {
 *     WM.sageMaker().stubInvoke("ep", SageMakerError.modelError("ep", 500, "boom"));
 *     ... client with endpointOverride(WM.endpoint()) ...
 * }
 * }</pre>
 *
 * <p>As a {@code static} field the server runs for the whole class; stubs, scenarios and the request journal are
 * reset before each test. Test methods may declare a {@link SageMakerWireMock} (or WireMock's
 * {@code WireMockRuntimeInfo}) parameter.
 */
public final class SageMakerWireMockExtension extends WireMockExtension {

    private SageMakerWireMockExtension(Builder builder) {
        super(builder);
    }

    /**
     * An extension on {@code 127.0.0.1} with a dynamic port that resets stubs before each test.
     *
     * @return the extension
     */
    public static SageMakerWireMockExtension create() {
        return create(wireMockConfig());
    }

    /**
     * An extension with your own WireMock options; the bind address {@code 127.0.0.1} and a dynamic port are set
     * on them.
     *
     * @param options the options (changed in place)
     * @return the extension
     */
    public static SageMakerWireMockExtension create(WireMockConfiguration options) {
        Builder builder = WireMockExtension.newInstance()
                .options(options.dynamicPort().bindAddress("127.0.0.1"))
                .configureStaticDsl(false)
                .resetOnEachTest(true);
        return new SageMakerWireMockExtension(builder);
    }

    /**
     * The SageMaker stub helper for the running server.
     *
     * @return the helper
     * @throws IllegalStateException if the server does not run (outside the test class)
     */
    public SageMakerWireMock sageMaker() {
        if (getRuntimeInfo() == null) {
            throw new IllegalStateException("the WireMock server runs only during its test class or test");
        }
        return SageMakerWireMock.of(this);
    }

    /**
     * The base URI to use as the clients' endpoint override.
     *
     * @return e.g. {@code http://127.0.0.1:40123}
     */
    public URI endpoint() {
        return URI.create(baseUrl());
    }

    /**
     * Supports {@link SageMakerWireMock} parameters, besides WireMock's own.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return whether the parameter can be resolved
     */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return parameterContext.getParameter().getType() == SageMakerWireMock.class
                || super.supportsParameter(parameterContext, extensionContext);
    }

    /**
     * Resolves {@link SageMakerWireMock} parameters, and WireMock's own.
     *
     * @param parameterContext the parameter
     * @param extensionContext the context
     * @return the value
     */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        if (parameterContext.getParameter().getType() == SageMakerWireMock.class) {
            return sageMaker();
        }
        return super.resolveParameter(parameterContext, extensionContext);
    }
}

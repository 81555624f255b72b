package io.iokeycloak.provider.config;

/** A bridge URL option is plain http where the realm's {@code sslRequired} does not allow it. */
public class InsecureUrlException extends OptionException {

    public InsecureUrlException(String option, String url, String sslRequired) {
        super(option, "IO journey option '" + option + "' is '" + url + "': plain http to that host is not allowed by the realm's"
                + " 'Require SSL' setting (" + sslRequired + "); use https, or a loopback or private address only with"
                + " 'external requests' (development)");
    }
}

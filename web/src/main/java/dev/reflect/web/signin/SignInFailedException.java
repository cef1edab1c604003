package dev.reflect.web.signin;

import dev.reflect.service.http.ProblemException;

/** The issuer refused a code or a refresh token: the person has to sign in again. */
final class SignInFailedException extends ProblemException {

    SignInFailedException() {
        super(400, "sign-in-failed", "Sign-in failed", "The sign-in could not be completed. Please sign in again.");
    }
}

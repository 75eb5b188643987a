// Passkeys (WebAuthn) need the browser's credentials API, the one part of Portico that needs JavaScript.
// Forms marked data-passkey="create" or "get" are shown only when the browser supports passkeys; on submit the
// script runs the ceremony with the server's options and posts the resulting credential as JSON.
(function () {
    "use strict";
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) {
        return;
    }

    document.querySelectorAll("form[data-passkey]").forEach(function (form) {
        form.hidden = false;
        form.addEventListener("submit", async function (event) {
            if (form.dataset.ready === "1") {
                return;
            }

            event.preventDefault();
            var options = JSON.parse(document.getElementById(form.dataset.options).textContent);
            var credential = null;
            try {
                credential = form.dataset.passkey === "create"
                    ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
                    : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
            } catch (error) {
                credential = null;
            }

            form.querySelector("input[name=credential]").value = credential ? JSON.stringify(credential) : "";
            form.dataset.ready = "1";
            form.submit();
        });
    });
})();

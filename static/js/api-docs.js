/* The API documentation page (api/docs.html): Swagger UI on the schema named by the page.
   No inline script (CSP); "Try it out" uses the signed-in session, with the CSRF token from the
   page's cookie-less form token. */
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  window.SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    domNode: node,
    deepLinking: false,
    withCredentials: true,
    requestInterceptor: function (request) {
      if (csrf && request.method && request.method.toUpperCase() !== "GET") {
        request.headers["X-CSRFToken"] = csrf.value;
      }
      return request;
    },
  });
})();

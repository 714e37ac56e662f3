<%@ page contentType="application/json; charset=UTF-8" trimDirectiveWhitespaces="true"
         import="java.util.regex.Matcher,java.util.regex.Pattern" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<%-- A value kept in the HttpSession. The JSON body {"value": V} is read with a pattern because Tomcat ships no JSON
     library; V is stored as its JSON text and answered back as is. --%>
<%!
  static final Pattern BODY = Pattern.compile("^\\s*\\{\\s*\"value\"\\s*:(.*)\\}\\s*$", Pattern.DOTALL);
%>
<%
  if ("POST".equals(request.getMethod())) {
    String body = new String(request.getInputStream().readAllBytes(), "UTF-8");
    Matcher m = BODY.matcher(body);
    if (!m.matches() || m.group(1).trim().isEmpty()) {
      response.setStatus(400);
      out.print("{\"error\":\"send {\\\"value\\\": V} as JSON\"}");
      return;
    }
    session.setAttribute("value", m.group(1).trim());
  }
  Object value = session.getAttribute("value");
  out.print("{\"value\":" + (value == null ? "null" : value) + "}");
%>

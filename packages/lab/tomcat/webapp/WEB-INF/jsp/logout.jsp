<%@ page session="false" trimDirectiveWhitespaces="true" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<%-- Ends the session (and with it the FORM login); 303 to the public home page. --%>
<%
  jakarta.servlet.http.HttpSession current = request.getSession(false);
  if (current != null) current.invalidate();
  response.setStatus(303);
  response.setHeader("Location", request.getContextPath() + "/");
%>

<%@ page contentType="application/json; charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<%-- The user Tomcat's FORM login authenticated; the security constraint on /api/* keeps anonymous requests out. --%>
<%
  String user = request.getRemoteUser();
  out.print("{\"user\":\"" + user.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
%>
